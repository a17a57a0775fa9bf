/// Page dumps of one made-up news site, as a browser saves them as text: the same menu,
/// dateline, share and donate blocks, related-headline list and footer around different
/// stories, in English and in Arabic. For the tests of per-source chrome learning.
public enum PageDumpSite {
    /// One story: its headline and paragraphs.
    public struct Story: Sendable {
        public var title: String
        public var paragraphs: [String]
    }

    /// The site's menu, above every page.
    public static let menu = ["Home", "World", "Politics", "Business", "Sport", "Culture", "الرئيسية", "أخبار"]
    /// A line the site puts between two paragraphs of every article: the classifier alone keeps
    /// it (a short line between paragraphs is text).
    public static let advertisement = "Advertisement"
    /// The donate blurb after every article: a sentence, which the classifier alone keeps.
    public static let donate = "Support independent journalism: your donation keeps our reporters in the field every single day of the year."
    public static let footer = "© 2024 The Daily Example. All rights reserved."

    public static let stories: [Story] = [
        Story(
            title: "Council approves the new harbour budget after a long debate",
            paragraphs: [
                "The city council approved the harbour budget on Tuesday after a debate that lasted until "
                    + "late in the evening and drew a large crowd of residents to the chamber.",
                "Dredging the main channel takes the largest share of the money, followed by repairs "
                    + "to the northern breakwater that storms damaged badly two winters ago.",
                "Fishermen who had asked for a cold store on the quay welcomed the vote, while shop "
                    + "owners in the old town said the budget ignored their flooded cellars.",
            ]),
        Story(
            title: "Rail strike ends as unions accept the revised pay offer",
            paragraphs: [
                "The national rail strike ended on Monday when the unions accepted a revised pay "
                    + "offer that the transport ministry had put forward at the weekend.",
                "Drivers will receive a rise of four percent this year and another next spring, and "
                    + "the ministry dropped its plan to close twelve rural ticket offices.",
                "Commuters crowded the platforms of the capital before dawn as the first trains "
                    + "in nine days left the central station almost exactly on time.",
            ]),
        Story(
            title: "Farmers warn that the dry spring will cut the wheat harvest",
            paragraphs: [
                "Farmers in the southern provinces warned that the unusually dry spring would cut this "
                    + "year's wheat harvest by as much as a third compared with last year.",
                "Reservoirs in the valley hold less than half of their usual water, and the "
                    + "irrigation board has already limited pumping to two nights a week.",
                "Bakers fear that flour prices will climb again in the autumn, after a winter in "
                    + "which the price of bread rose faster than wages in most towns.",
            ]),
        Story(
            title: "Museum reopens its ancient gallery after a decade of repairs",
            paragraphs: [
                "The national museum reopened its gallery of ancient sculpture on Friday after ten "
                    + "years of repairs to the roof and the floors of the old building.",
                "Curators used the closure to clean hundreds of marble heads, and for the first time "
                    + "visitors can walk around the great bronze horse in the central hall.",
                "Tickets for the opening weekend sold out within hours, so the museum will stay "
                    + "open until midnight on Saturdays for the rest of the summer.",
            ]),
        Story(
            title: "Hospital opens a new wing for children with rare diseases",
            paragraphs: [
                "The regional hospital opened a new wing for children with rare diseases on Thursday, the "
                    + "first of its kind in the country and the result of years of fundraising.",
                "Families no longer have to travel abroad for most treatments, and parents can "
                    + "sleep in rooms next to the wards while their children are in care.",
                "Nurses trained in genetics will run a telephone line for doctors in small towns "
                    + "who suspect that one of their young patients has a rare condition.",
            ]),
        Story(
            title: "Local team wins the cup final in a dramatic penalty shootout",
            paragraphs: [
                "The local football team won the cup final on Saturday evening in a dramatic penalty "
                    + "shootout that kept thousands of supporters on their feet until the last kick.",
                "Their young goalkeeper saved two penalties after a goalless match in which the "
                    + "visitors hit the post twice and had a goal ruled out for offside.",
                "Supporters filled the streets around the stadium until the early morning, and "
                    + "the mayor promised a parade through the city on Sunday afternoon.",
            ]),
        Story(
            title: "الحكومة تعلن خطة جديدة لدعم المزارعين في الجنوب",
            paragraphs: [
                "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لدعم المزارعين في المناطق الجنوبية التي تضررت "
                    + "من الجفاف خلال الموسم الماضي، وذلك بعد اجتماع مطول مع ممثلي النقابات.",
                "وتشمل الخطة قروضا بلا فوائد لشراء البذور والأسمدة، إلى جانب إعفاء صغار المزارعين من رسوم الري حتى نهاية العام المقبل.",
                "ورحب اتحاد الفلاحين بالقرار، لكنه طالب بأن تصل المساعدات إلى القرى البعيدة قبل موسم الزراعة وليس بعده كما حدث في السنوات الماضية.",
            ]),
        Story(
            title: "افتتاح معرض الكتاب الدولي بمشاركة واسعة من دور النشر",
            paragraphs: [
                "افتتح معرض الكتاب الدولي أبوابه يوم الخميس بمشاركة واسعة من دور النشر العربية "
                    + "والأجنبية التي قدمت آلاف العناوين الجديدة للزوار من مختلف الأعمار.",
                "ويخصص المعرض هذا العام جناحا كاملا لكتب الأطفال، كما يستضيف ندوات يومية مع روائيين وشعراء من أكثر من عشرين بلدا.",
                "وقال المنظمون إن عدد الزوار في اليوم الأول تجاوز ما سجله المعرض في أيامه الثلاثة الأولى من الدورة السابقة.",
            ]),
        Story(
            title: "ارتفاع أسعار الخضر في الأسواق مع اقتراب شهر رمضان",
            paragraphs: [
                "شهدت أسواق الخضر في العاصمة ارتفاعا ملحوظا في الأسعار خلال الأسبوع الجاري مع "
                    + "اقتراب شهر رمضان وازدياد الطلب على الطماطم والبطاطا والبصل.",
                "وأرجع التجار هذا الارتفاع إلى تراجع الإنتاج بسبب موجة البرد الأخيرة، في حين اتهمت جمعيات المستهلكين الوسطاء بالاحتكار والمضاربة.",
                "ودعت وزارة التجارة المواطنين إلى الإبلاغ عن أي زيادة غير مبررة، وأعلنت عن حملات مراقبة يومية في الأسواق الكبرى.",
            ]),
        Story(
            title: "فوز المنتخب الوطني على ضيفه في تصفيات كأس العالم",
            paragraphs: [
                "حقق المنتخب الوطني فوزا ثمينا على ضيفه مساء السبت في إطار تصفيات كأس العالم، "
                    + "بعد مباراة مثيرة احتضنها الملعب الأولمبي أمام جمهور غفير.",
                "وسجل المهاجم الشاب هدف الفوز في الدقائق الأخيرة من اللقاء بعد تمريرة متقنة من "
                    + "قائد الفريق الذي عاد إلى التشكيلة بعد غياب طويل بسبب الإصابة.",
                "وبهذا الانتصار يعزز المنتخب حظوظه في التأهل، إذ يكفيه التعادل في المباراة المقبلة لضمان مكانه في الدور النهائي من التصفيات.",
            ]),
    ]

    /// The page of story `index` as text: menu, dateline, headline, paragraphs (with the
    /// advertisement line between the first two), the donate blurb, share line, three related
    /// headlines of other stories, and the footer.
    public static func page(_ index: Int) -> String {
        let story = stories[index]
        var lines = menu + ["", "Tuesday 12 March 2024", "", story.title, ""]
        for (number, paragraph) in story.paragraphs.enumerated() {
            lines += [paragraph, ""]
            if number == 0 { lines += [advertisement, ""] }
        }
        lines += [donate, "", "Share this article", "Related stories"]
        lines += (1...3).map { stories[(index + $0) % stories.count].title }
        lines += ["", footer]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The article the page holds: its headline, then its paragraphs, as stored.
    public static func article(_ index: Int) -> String {
        ([stories[index].title] + stories[index].paragraphs).joined(separator: "\n\n")
    }
}
