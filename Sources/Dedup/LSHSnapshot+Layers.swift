import Foundation

extension LSHSnapshot {
    /// The file of layer `level` of the stack based at `path`: `path` itself for the base (0),
    /// `path.1`, `path.2`, … above it.
    public static func layerPath(_ path: String, level: Int) -> String { level == 0 ? path : "\(path).\(level)" }

    /// Maps the stack of layers based at `path`: the base, then each layer above it while its file
    /// maps and names the one below it (`below`); a layer that does not (left behind by a merge
    /// that replaced the layers under it, or damaged) ends the stack there.
    /// - Throws: `Unusable` when the base itself cannot be used (as `init(path:…)` says why).
    public static func openLayers(path: String, banding: LSHBanding, parameters: UInt64) throws(Unusable) -> [LSHSnapshot] {
        var layers = [try LSHSnapshot(path: path, banding: banding, parameters: parameters)]
        while let layer = try? LSHSnapshot(path: layerPath(path, level: layers.count), banding: banding, parameters: parameters),
            layer.below == layers[layers.count - 1].identity
        {
            layers.append(layer)
        }
        return layers
    }

    /// Deletes the layer files of the stack at `path` above `level` (those a merge into `level`
    /// replaced, or stale ones no stack reaches any more), and the temporary files of the stack
    /// that no writer holds (left by a crash).
    public static func removeLayers(path: String, above level: Int) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent + "."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for entry in entries where entry.hasPrefix(name) {
            let file = folder.isEmpty ? entry : folder + "/" + entry
            if entry.hasSuffix(".tmp") {
                // A writer holds its temporary file locked until it renames it.
                let fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(file) }
                close(fd)
            } else if let other = Int(entry.dropFirst(name.count)), other > level {
                unlink(file)
            }
        }
    }
}
