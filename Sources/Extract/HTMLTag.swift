/// The element names the extractor tells apart; everything else is `.unknownBlock` or
/// `.inline`.
enum HTMLTag: UInt8, Sendable {
    case text
    case html, body, head, title, meta
    case div, section, article, main, p, pre, blockquote, center, font
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd
    case table, tr, td, th, caption, tbody
    case a, br, span
    case nav, header, footer, aside, menu, form
    case figure, figcaption, address, details, summary
    /// Never kept: scripts, styles, embedded media, form controls.
    case dropped
    /// Dropped unless a page without it has no text (content served only to non-JS readers).
    case noscript
    /// A known inline element (`b`, `em`, `span`, `time`, …).
    case inline
    /// A block element without its own rules, or an unknown (custom) element.
    case unknownBlock

    init(name: String) {
        self = Self.byName[name] ?? (Self.inlineNames.contains(name) ? .inline : .unknownBlock)
    }

    /// Starts a new paragraph: text before and after it belongs to different blocks.
    var isBlock: Bool {
        switch self {
        case .text, .a, .span, .font, .inline, .br: false
        default: true
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: true
        default: false
        }
    }

    /// 1 to 6 for `h1`…`h6`, 0 for anything else.
    var headingLevel: Int {
        switch self {
        case .h1: 1
        case .h2: 2
        case .h3: 3
        case .h4: 4
        case .h5: 5
        case .h6: 6
        default: 0
        }
    }

    /// Page chrome by its tag alone.
    var isStructuralChrome: Bool {
        switch self {
        case .nav, .header, .footer, .aside, .menu, .form, .figcaption: true
        default: false
        }
    }

    /// Blocks that score their parent rather than themselves, as a paragraph does.
    var isParagraphLike: Bool {
        switch self {
        case .p, .pre, .blockquote, .li, .td, .th, .dd, .dt, .figcaption, .address, .caption, .summary:
            true
        default:
            false
        }
    }

    private static let byName: [String: HTMLTag] = [
        "html": .html, "body": .body, "head": .head, "title": .title, "meta": .meta,
        "div": .div, "section": .section, "article": .article, "main": .main, "p": .p, "pre": .pre,
        "blockquote": .blockquote, "center": .center, "font": .font,
        "h1": .h1, "h2": .h2, "h3": .h3, "h4": .h4, "h5": .h5, "h6": .h6,
        "ul": .ul, "ol": .ol, "li": .li, "dl": .dl, "dt": .dt, "dd": .dd,
        "table": .table, "tr": .tr, "td": .td, "th": .th, "caption": .caption, "tbody": .tbody,
        "a": .a, "br": .br, "span": .span,
        "nav": .nav, "header": .header, "footer": .footer, "aside": .aside, "menu": .menu, "form": .form,
        "figure": .figure, "figcaption": .figcaption, "address": .address, "details": .details, "summary": .summary,
        "script": .dropped, "style": .dropped, "noscript": .noscript, "template": .dropped, "svg": .dropped,
        "iframe": .dropped, "button": .dropped, "select": .dropped, "textarea": .dropped, "input": .dropped,
        "object": .dropped, "embed": .dropped, "canvas": .dropped, "video": .dropped, "audio": .dropped,
        "map": .dropped, "rt": .dropped, "rp": .dropped, "option": .dropped, "optgroup": .dropped, "datalist": .dropped, "math": .dropped,
        "link": .dropped, "base": .dropped, "frameset": .dropped, "frame": .dropped, "applet": .dropped,
        "dialog": .dropped, "source": .dropped, "track": .dropped, "picture": .dropped, "img": .dropped,
        "label": .dropped, "fieldset": .dropped, "legend": .dropped, "meter": .dropped, "progress": .dropped,
    ]

    private static let inlineNames: Set<String> = [
        "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
        "kbd", "mark", "nobr", "q", "s", "samp", "small", "strike", "strong", "sub", "sup", "time", "tt",
        "u", "var", "wbr", "output", "ruby",
    ]
}
