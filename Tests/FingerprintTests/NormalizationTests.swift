import Fingerprint
import Testing

@Suite("Arabic-aware normalization")
struct NormalizationTests {
    let normalizer = TextNormalizer()

    func norm(_ text: String) -> String { normalizer.normalizedString(text) }

    @Test("tashkeel and superscript alef are removed")
    func diacritics() {
        #expect(norm("مُحَمَّدٌ") == "محمد")
        #expect(norm("كِتَابًا") == "كتابا")
        #expect(norm("هٰذا") == "هذا")
        #expect(norm("الرَّحْمٰنِ") == "الرحمن")
    }

    @Test("tatweel is removed")
    func tatweel() {
        #expect(norm("الســـلام") == "السلام")
    }

    @Test("alef with hamza or madda and alef wasla fold to bare alef")
    func alefForms() {
        #expect(norm("أحمد إبراهيم آمن ٱلله") == "احمد ابراهيم امن الله")
        // Decomposed forms: alef + combining hamza above / madda.
        #expect(norm("\u{0627}\u{0654}حمد") == "احمد")
        #expect(norm("\u{0627}\u{0653}من") == "امن")
    }

    @Test("hamza on waw and yeh fold to the bare letters")
    func hamzaCarriers() {
        #expect(norm("مؤتمر رئيس") == "موتمر رييس")
    }

    @Test("alef maqsura folds to yeh")
    func alefMaqsura() {
        #expect(norm("على مستشفى") == "علي مستشفي")
    }

    @Test("teh marbuta folds to heh")
    func tehMarbuta() {
        #expect(norm("مدرسة جميلة") == "مدرسه جميله")
    }

    @Test("Persian and Urdu letter forms fold to Arabic ones")
    func persianForms() {
        #expect(norm("\u{06CC}") == "\u{064A}")  // Farsi yeh
        #expect(norm("\u{06A9}تاب") == "كتاب")  // keheh
        #expect(norm("\u{06C1}") == "\u{0647}")  // heh goal
        #expect(norm("\u{06BE}") == "\u{0647}")  // heh doachashmee
        #expect(norm("\u{06C3}") == "\u{0647}")  // teh marbuta goal
        #expect(norm("\u{06D2}") == "\u{064A}")  // yeh barree
        #expect(norm("ی\u{06A9}") == norm("يك"))
    }

    @Test("Arabic-Indic and Persian digits become ASCII digits")
    func digits() {
        #expect(norm("٢٠٢٤") == "2024")
        #expect(norm("۱۴۰۳") == "1403")
        #expect(norm("عام ٢٠١٧") == norm("عام 2017"))
    }

    @Test("Arabic punctuation separates words")
    func punctuation() {
        #expect(norm("نعم،لا؛ربما؟") == "نعم لا ربما")
        #expect(norm("قال۔ثم") == "قال ثم")
        #expect(norm("٥٠٪") == "50")
        #expect(norm("٣٫٥") == norm("3.5"))
        #expect(norm("«الأسد» يقصف!") == "الاسد يقصف")
    }

    @Test("presentation forms and ligatures are unfolded (NFKC)")
    func presentationForms() {
        #expect(norm("ﺍﻟﻌﺮﺑﻴﺔ") == "العربيه")
        #expect(norm("ﻻ") == "لا")
        #expect(norm("ﻵ") == "لا")
        #expect(norm("Ｆｕｌｌ") == "full")
    }

    @Test("zero-width and bidi marks inside words are dropped")
    func invisibleMarks() {
        #expect(norm("سو\u{200C}ريا") == "سوريا")
        #expect(norm("سو\u{200B}ريا") == "سوريا")
        #expect(norm("\u{200F}سوريا\u{200E}") == "سوريا")
        #expect(norm("\u{202B}نص\u{202C}") == "نص")
        #expect(norm("\u{2067}نص\u{2069}") == "نص")
        #expect(norm("\u{061C}نص") == "نص")
        #expect(norm("\u{FEFF}نص") == "نص")
        #expect(norm("co\u{00AD}operate") == "cooperate")
    }

    @Test("non-breaking and other spaces separate words like a space")
    func spaces() {
        #expect(norm("حمص\u{00A0}القديمة") == "حمص القديمه")
        #expect(norm("a\u{202F}b\u{2009}c\u{3000}d") == "a b c d")
        #expect(norm("  a \n\t b  ") == "a b")
    }

    @Test("Latin and other cased scripts are case-folded")
    func caseFolding() {
        #expect(norm("Damascus HOMS Île") == "damascus homs île")
        #expect(norm("ΑΘΗΝΑ Москва") == "αθηνα москва")
    }

    @Test("a re-typed Arabic sentence normalizes to the original")
    func retypedSentence() {
        let original = "أعلنت الأمم المتحدة عن إرسال مساعدات إلى مدينة حمص في عام 2017، وقالت إنها ستصل قريباً."
        let retyped = "اعلنـت الامم المتحدة عن ارسال مُساعدات الى مدينه حمص في عام ٢٠١٧, وقالت انها ستصل قريبا\u{200C}."
        #expect(norm(original) == norm(retyped))
    }
}
