/// Where the article of a page dump ends: the heading of its comment section, of the related
/// stories or of the author's bio (`Leave a Reply`, `12 Comments`, `Ähnliche Beiträge`,
/// `About the author`), or the first comment's `Reply` link. What follows is chrome however
/// long its paragraphs are (comments and teasers are prose too).
extension PageDumpClassifier {
    /// Lines that open what follows an article, compared lowercased with the count, bullets and
    /// punctuation around them dropped; a line may go on after the phrase (`Leave a Reply
    /// Cancel reply`).
    static let articleEndPhrases: [String] = [
        // English
        "leave a reply", "leave a comment", "post a comment", "add a comment", "write a comment",
        "one response", "one comment", "one thought on", "thoughts on", "join the discussion", "join the conversation", "comments are closed",
        "show comments", "view comments", "recent comments", "related posts", "related articles",
        "related stories", "related content", "similar posts", "you may also like",
        "you might also like", "about the author", "more from the author",
        // German
        "kommentar verfassen", "kommentar schreiben", "kommentar hinzufügen",
        "schreibe einen kommentar", "hinterlasse einen kommentar", "neueste kommentare", "letzte kommentare",
        "leserkommentare", "ähnliche beiträge", "ähnliche artikel", "verwandte artikel", "verwandte themen",
        "das könnte sie auch interessieren", "das könnte dich auch interessieren", "über den autor",
        "über die autorin", "mehr zum thema", "weitere artikel", "auch interessant",
        // French
        "laisser un commentaire", "laissez un commentaire", "ajouter un commentaire",
        "articles similaires", "articles liés", "sur le même sujet", "à propos de l'auteur",
        // Spanish, Portuguese, Italian
        "deja un comentario", "dejar un comentario", "deixe um comentário",
        "artículos relacionados", "entradas relacionadas", "noticias relacionadas", "posts relacionados",
        "lascia un commento", "articoli correlati", "sobre el autor", "sobre o autor",
        // Dutch, Polish, Russian
        "laat een reactie achter", "gerelateerde artikelen",
        "dodaj komentarz", "podobne artykuły", "оставить комментарий", "похожие статьи",
        "читайте также",
        // Arabic
        "اترك تعليقا", "اترك تعليقاً", "أضف تعليق", "اضف تعليق", "مقالات ذات صلة",
    ]

    /// Headings of a comment section, the whole line but for a count (`12 Comments`,
    /// `Kommentare (3)`).
    static let commentHeadings: Set<String> = [
        "comments", "comment", "responses", "replies", "view comments", "show comments", "kommentare",
        "leserkommentare", "commentaires", "comentarios", "comentários", "commenti", "reacties", "komentarze",
        "комментарии", "التعليقات", "تعليقات",
    ]

    /// A comment's reply link standing alone on its line.
    static let replyWords: Set<String> = [
        "reply", "antworten", "antwort", "répondre", "responder", "responder a", "rispondi", "beantwoorden",
        "odpowiedz", "ответить", "رد",
    ]

    /// Words of text the article must hold before a heading can end it (a `Comments (3)` link
    /// above the headline ends nothing).
    static let articleWordsBeforeEnd = 60

    /// The index of the first block after the article, if a heading or a reply link ends it.
    /// A comment heading ends it when the text after it is at most twice the text before it,
    /// any other heading when at most as long: a `Related` box inside a long article ends nothing.
    func articleEnd(_ blocks: [DumpBlock], isText: (Int) -> Bool) -> Int? {
        var remaining = 0
        for index in blocks.indices where isText(index) { remaining += blocks[index].words }
        var textWords = 0
        for index in blocks.indices {
            let block = blocks[index]
            if isText(index) {
                textWords += block.words
                remaining -= block.words
                continue
            }
            // Every ending below needs the text after it to be at most twice the text before
            // it: test that before the line is lowercased and looked up.
            guard textWords >= Self.articleWordsBeforeEnd, remaining <= 2 * textWords, block.words <= 8, block.visible <= 60,
                !block.endsWithColon, !block.endsSentence || block.words <= 3
            else { continue }
            let line = Self.normalizedHeading(block.text)
            guard !line.isEmpty else { continue }
            if Self.replyWords.contains(line) {
                // The first comment stands above its reply link: its text, and above that the
                // commenter and the date. Cut where that text starts.
                var start = index
                var comment = 0
                while start > 0, isText(start - 1) {
                    start -= 1
                    comment += blocks[start].words
                }
                let before = textWords - comment
                guard before >= Self.articleWordsBeforeEnd, remaining + comment <= 2 * before else { continue }
                return start
            }
            guard !block.isBullet else { continue }
            if Self.commentHeadings.contains(line) {
                if remaining <= 2 * textWords { return index }
                continue
            }
            if Self.opensWithEndPhrase(line), remaining <= textWords { return index }
        }
        return nil
    }

    /// `articleEndPhrases` as UTF-8, by first byte.
    private static let endPhrasesByFirstByte: [UInt8: [[UInt8]]] = Dictionary(
        grouping: articleEndPhrases.map { Array($0.utf8) }, by: { $0[0] })

    /// Whether a normalized line is one of `articleEndPhrases`, or one followed by more words;
    /// compared on the UTF-8 bytes (comparing Strings runs grapheme breaking on every line).
    static func opensWithEndPhrase(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard let first = bytes.first, let phrases = endPhrasesByFirstByte[first] else { return false }
        return phrases.contains { phrase in
            bytes.count >= phrase.count && bytes.starts(with: phrase) && (bytes.count == phrase.count || bytes[phrase.count] == 0x20)
        }
    }

    /// A short line lowercased, without the bullets, counts and punctuation around its words.
    static func normalizedHeading(_ text: Substring) -> String {
        normalizedHeadingByScalars(text) ?? normalizedHeadingByCharacters(text)
    }

    /// `normalizedHeading` on characters, for any text.
    static func normalizedHeadingByCharacters(_ text: Substring) -> String {
        let lower = text.lowercased()
        let isWordScalar: (Character) -> Bool = { $0.isLetter }
        guard let first = lower.firstIndex(where: isWordScalar), let last = lower.lastIndex(where: isWordScalar)
        else { return "" }
        var result = ""
        var space = false
        for character in lower[first...last] {
            if character.isLetter || character == "'" || character == "’" {
                if space, !result.isEmpty { result.append(" ") }
                space = false
                result.append(character == "’" ? "'" : character)
            } else {
                space = true
            }
        }
        return result
    }

    /// `normalizedHeading` scalar by scalar, for lines whose every scalar is its own character
    /// and lowercases to one scalar (ASCII, Latin-1 and Latin Extended, Arabic letters and
    /// digits, common punctuation); `nil` for any other line, which takes the String path.
    static func normalizedHeadingByScalars(_ text: Substring) -> String? {
        var scalars = String.UnicodeScalarView()
        var space = false
        // Whether the last scalar was a letter kept: an Arabic mark after it is part of its character.
        var afterLetter = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let lower: Unicode.Scalar
            let isLetter: Bool
            switch value {
            case 0x41...0x5A:
                lower = Unicode.Scalar(value + 0x20)!
                isLetter = true
            case 0x61...0x7A:
                lower = scalar
                isLetter = true
            case 0...0x7F:
                // CR is its own character but before LF; neither is a letter.
                lower = scalar
                isLetter = false
            case 0x64B...0x652, 0x670:
                // Arabic vowel marks belong to the letter before them; anywhere else, the
                // String path decides.
                guard afterLetter else { return nil }
                scalars.append(scalar)
                continue
            case 0x80...0xBF where value != 0xAA && value != 0xB5 && value != 0xBA, 0xD7, 0xF7:
                // Controls, spaces, signs and punctuation of Latin-1 (not ª µ º, which are letters).
                lower = scalar
                isLetter = false
            case 0xC0...0xDE:
                lower = Unicode.Scalar(value + 0x20)!
                isLetter = true
            case 0xDF...0xFF:
                lower = scalar
                isLetter = true
            case 0x130: return nil  // İ lowercases to two scalars
            case 0x80...0x2FF:
                let mapped = scalar.properties.lowercaseMapping.unicodeScalars
                guard mapped.count == 1, let only = mapped.first else { return nil }
                lower = only
                isLetter = only.properties.isAlphabetic
            case 0x621...0x63A, 0x640...0x64A:
                lower = scalar
                isLetter = true
            case 0x60C, 0x61B, 0x61F, 0x660...0x66D, 0x6D4, 0x2010...0x2027, 0x2030...0x205E:
                lower = scalar
                isLetter = false
            default:
                return nil
            }
            afterLetter = isLetter
            if isLetter || lower == "'" || lower == "’" {
                if space, !scalars.isEmpty { scalars.append(" ") }
                space = false
                scalars.append(lower == "’" ? "'" : lower)
            } else {
                space = true
            }
        }
        // Bullets, counts and punctuation are dropped from both ends as from between words;
        // apostrophes only between letters.
        var result = String(scalars)
        while let last = result.unicodeScalars.last, last == "'" { result.unicodeScalars.removeLast() }
        while let first = result.unicodeScalars.first, first == "'" { result.unicodeScalars.removeFirst() }
        if result.hasSuffix(" ") || result.hasPrefix(" ") { return nil }
        return result
    }

    /// Words that, next to `cookie`, make a paragraph a cookie notice rather than a recipe.
    private static let cookieCompanions: [[UInt8]] = [
        "website", "webseite", "site", "sitio", "browser", "navigat", "consent", "accept", "akzeptier",
        "zustimm", "einwillig", "datenschutz", "privacy", "privacidad", "confidentialit", "einstellung",
        "setting", "we use", "wir verwenden", "utilis", "utiliz",
    ].map { Array($0.utf8) }

    /// A paragraph about the site's cookies: `cookie` and a word about the site, consent or privacy.
    static func isCookieNotice(_ text: Substring) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            UTF8Scan.contains(bytes, cookie, ignoringASCIICase: true)
                && cookieCompanions.contains { UTF8Scan.contains(bytes, $0, ignoringASCIICase: true) }
        }
        // A native copy is contiguous.
        return found ?? isCookieNotice(Substring(String(text)))
    }

    private static let cookie = Array("cookie".utf8)
}
