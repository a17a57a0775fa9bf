import Glibc
import SyncModel

/// The group the API socket is shared with, so that operators in it can run `syncctl` without
/// being root or the daemon's user.
struct SocketGroup: Sendable {
    let name: String
    let gid: gid_t

    /// The configured group.
    /// - Returns: `nil` when none is configured: the socket then stays the daemon user's alone
    ///   (mode 0600).
    /// - Throws: `SyncError(.invalidConfig)` when the configured group does not exist.
    static func resolve(_ configured: String?) throws(SyncError) -> SocketGroup? {
        guard let name = configured else { return nil }
        guard let gid = groupID(name) else {
            throw SyncError(.invalidConfig, "daemon.socket_group: there is no group \"\(name)\" (create it with groupadd, or drop the key)")
        }
        return SocketGroup(name: name, gid: gid)
    }

    private static func groupID(_ name: String) -> gid_t? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return group.gr_gid
    }

    /// Gives `path` to the group with `mode`.
    /// - Returns: the `errno` of a failed `chown` (the daemon is not a member of the group), else `nil`.
    func share(_ path: String, mode: mode_t) -> Int32? {
        guard chown(path, uid_t.max, gid) == 0 else { return errno }
        chmod(path, mode)
        return nil
    }
}
