import Storage
import SyncModel
import Testing

@Suite("Stored bodies")
struct BlobCodecTests {
    @Test("a body compresses to a zstd frame smaller than the text and reads back byte for byte")
    func roundTrip() throws {
        let body = Array(try seedText(0).utf8)
        let stored = BlobCodec.compress(body)
        #expect(Array(stored.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(stored.count < body.count * 2 / 3)
        #expect(try BlobCodec.decompress(stored, size: body.count) == body)
        #expect(try BlobCodec.decompress(BlobCodec.compress([]), size: 0) == [])
    }

    @Test("a zlib body, as stores written by earlier releases hold, still reads")
    func legacyZlib() throws {
        // zlib.compress("hello, عربي".encode()) in Python.
        let hex = "789ccb48cdc9c9d751b8b1f3c6c61b2b6e76010039be085e"
        var stored: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            stored.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        let body = Array("hello, عربي".utf8)
        #expect(try BlobCodec.decompress(stored, size: body.count) == body)
    }

    @Test("a damaged body is an error that says so, never a crash or a wrong text")
    func corrupt() throws {
        let body = Array(try seedText(1).utf8)
        let stored = BlobCodec.compress(body)
        for damaged in [
            Array(stored.prefix(stored.count / 2)), Array(stored.prefix(4)) + [UInt8](repeating: 0xFF, count: 40), [0x78, 0x9C, 1, 2, 3],
        ] {
            #expect {
                try BlobCodec.decompress(damaged, size: body.count)
            } throws: { error in
                (error as? SyncError)?.message.contains("stored body is corrupt") == true
            }
        }
        // The right frame said to be of another size is refused too.
        #expect(throws: SyncError.self) { try BlobCodec.decompress(stored, size: body.count + 1) }
    }
}
