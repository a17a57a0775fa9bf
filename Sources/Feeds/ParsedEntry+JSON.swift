internal import Foundation
internal import SyncModel

extension ParsedEntry {
    /// The entry as JSON: byte for byte what `JSONEncoder` with `.sortedKeys` and
    /// `.withoutEscapingSlashes` writes (the form an entry's original is stored in), written
    /// straight into bytes. A first poll stores one per entry, and the encoder's boxing of
    /// every value and sorting of every object cost as much as parsing the entry.
    var originalJSON: [UInt8]? {
        // Author details are rare; they keep the encoder.
        guard authorDetails.isEmpty else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(self)).map { [UInt8]($0) }
        }
        var json: [UInt8] = []
        json.reserveCapacity(64 + (title?.utf8.count ?? 0) + (summary?.utf8.count ?? 0) + (content?.utf8.count ?? 0))
        func key(_ name: StaticString) {
            json.append(json.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            json.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func value(_ text: String?) {
            guard let text else { return json.append(contentsOf: Array("null".utf8)) }
            Self.appendJSONString(text, to: &json)
        }
        key("authors")
        json.append(UInt8(ascii: "["))
        for (index, author) in authors.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            Self.appendJSONString(author, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        key("content")
        value(content)
        key("id")
        value(id)
        key("link")
        value(link)
        key("published")
        value(published.map { Timestamp.rfc3339($0) })
        key("summary")
        value(summary)
        key("title")
        value(title)
        key("updated")
        value(updated.map { Timestamp.rfc3339($0) })
        json.append(UInt8(ascii: "}"))
        return json
    }

    /// A JSON string as `JSONEncoder` writes it without escaping slashes: `"` and `\` escaped,
    /// control characters as `\n`-style or `\u00XX` escapes, everything else as its UTF-8.
    static func appendJSONString(_ text: String, to json: inout [UInt8]) {
        var text = text
        json.append(UInt8(ascii: "\""))
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x09: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x0A: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0C: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0D: json.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    json.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
            }
            json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        json.append(UInt8(ascii: "\""))
    }
}
