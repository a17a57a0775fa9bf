/// Exact set measures over sorted, de-duplicated shingle hashes.
public enum Similarity {
    /// |A ∩ B| for two sorted arrays without repeats.
    public static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, common = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if x == y {
                common += 1; i += 1; j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return common
    }

    /// Jaccard similarity |A ∩ B| / |A ∪ B|; two empty sets are not similar (0).
    public static func jaccard(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let common = intersectionCount(a, b)
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}
