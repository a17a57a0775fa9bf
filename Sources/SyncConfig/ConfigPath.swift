import Foundation

/// Path handling for the configuration: absolute, standardized paths without `.` or `..`.
enum ConfigPath {
    enum Kind: Equatable {
        case missing, file, directory
    }

    static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }

    /// `path` made absolute against `folder` (when relative) and standardized.
    static func absolute(_ path: String, relativeTo folder: String = currentDirectory) -> String {
        standardized(path.hasPrefix("/") ? path : folder + "/" + path)
    }

    /// Drops empty and `.` components and applies `..` (which stops at the root), lexically:
    /// symbolic links are left alone, as the user wrote them.
    static func standardized(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The folder holding `file`, an absolute path.
    static func folder(of file: String) -> String {
        standardized(file + "/..")
    }

    static func kind(of path: String) -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }
}
