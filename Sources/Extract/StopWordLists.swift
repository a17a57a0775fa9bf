/// Stop words (function words) of the languages syncd reads, for the stop-word density of
/// page-dump blocks (`PageDumpClassifier`). From jusText 3.0.2's stoplists
/// (github.com/miso-belica/jusText, BSD-2-Clause): Arabic, English, German, French, Spanish, Italian, Portuguese, Dutch.
/// One string per language, words separated by whitespace; hashed once into `StopWords`.
enum StopWordLists {
    static let all: [String] = [
        // Arabic: 2770 words
        """
        (أحواض (أو (أي (بالإنجليزية: (في (فيلم). (مثل (من (مواليد (ولد a a> and de in of the to آثار آخر
        آسيا آل آلاف آلة آنذاك أبا أبرز أبريل أبطال أبناء أبو أبي أبيه أثر أثناء أجزاء أجل أجهزة أحد أحداث
        أحمد أحيانا أخبار أخذ أخذت أخر أخرى أخرى. أخرى، أخيه أداء أدت أدى أراد أراضي أربع أربعة أرسل أرض
        أساس أساسا أساسي أسباب أستاذ أسرة أسس أسلوب أسماء أشكال أشهر أصبح أصبحت أصحاب أصدر أصغر أصل أصول
        أطلق أطول أعداد أعضاء أعظم أعلن أعلنت أعلى أعمال أعماله أغسطس أغلب أغنية أفراد أفريقيا أفضل أفلام
        أقدم أقرب أقصى أقل أقوى أقيمت أكبر أكتوبر أكثر أكسيد ألا ألبوم ألعاب ألف ألمانيا أم أما أماكن أمام
        أمثال أمر أمراض أمريكا أمريكي أمريكية أمير أمين أن أنا أنحاء أنشئت أنظمة أنفاق أنفسهم أنه أنها أنهم
        أنواع أنّ أهالي أهداف أهل أهلها أهم أهمها أهمية أو أوائل أواخر أوروبا أول أولاد أولى أي أيام أية
        أيضا أيضا. أيضاً أيضاً. أيضًا أين إبراهيم إثر إجراء إحدى إخراج إدارة إذ إذا إذاعة إرسال إس إسبانيا
        إسبانيا. إسرائيل إسماعيل إشارة إصدار إضافة إطار إطلاق إعادة إعلان إقامة إقليم إلا إله إلى إلي إليه
        إليها إم إما إمارة إمكانية إن إنتاج إنجلترا إنشاء إنه إنها إيران إيطاليا إيه ابن ابنة ابنه اتجاه
        اتحاد اتفاقية اثنين اجل احتلال احد احمد اختيار اخر ارتفاع استخدام استخدامه استخدامها استخدم استخدمت
        استطاع استعمال استمر استمرت اسم اسمه اسمها اشتهر افتتاح اكتشاف اكتشف اكثر ال الآثار الآخر الآداب
        الآن الآن. الأبحاث الأبيض الأثرية الأجهزة الأحداث الأحمر الأحياء الأحيان الأخرى الأخرى. الأخرى،
        الأخضر الأخير الأخيرة الأدب الأدبية الأدوية الأراضي الأربعة الأردن الأردني الأردنية الأرض الأرض.
        الأرض، الأرضية الأزهر الأساس الأساسي الأساسية الأستاذ الأسرة الأسلحة الأسود الأشجار الأشخاص الأشعة
        الأصل الأصلي الأصلية الأطفال الأعضاء الأعلى الأعمال الأغاني الأغنية الأفراد الأفلام الأقل الأكاديمية
        الأكبر الأكثر الألبوم الألعاب الألماني الألمانية الألوان الأم الأماكن الأمة الأمر الأمراض الأمريكي
        الأمريكية الأمريكية. الأمطار الأمم الأمن الأمور الأمير الأندلس الأنظمة الأنواع الأهداف الأهلية
        الأوروبي الأوروبية الأوسط الأول الأول. الأول، الأولمبية الأولى الأولى. الأولى، الأولية الأيام
        الإتحاد الإخوان الإدارة الإدارية الإذاعة الإسباني الإسرائيلي الإسرائيلية الإسكندرية الإسلام الإسلامي
        الإسلامية الإسلامية. الإشارة الإصابة الإعلام الإقليم الإلكترونية الإمارات الإمام الإمبراطور
        الإمبراطورية الإنتاج الإنترنت الإنجليزي الإنجليزية الإنسان الإنسانية الإيطالي الإيطالية الا
        الابتدائية الاتحاد الاتصال الاتصالات الاجتماعي الاجتماعية الاحتلال الاستخدام الاستعمار الاستقلال
        الاسم الاقتصاد الاقتصادي الاقتصادية الامام الانتخابات الانتخابية الاهتمام الباب البابا البحث البحر
        البحرية البحرين البحوث البداية البرازيل البرامج البرلمان البرنامج البرية البريطاني البريطانية البشر
        البشرية البطولة البعض البلاد البلاد. البلاد، البلد البلدان البلدة البلدية البناء البنك البنية البيئة
        البيانات البيت البيضاء التأثير التابع التابعة التاريخ التاريخ. التاريخية التاسع التالي التالية
        التجارة التجاري التجارية التحرير التحق التحكم التدريب التدريس التراث التربة التربية التركية التسمية
        التشغيل التصميم التصوير التطور التعامل التعاون التعبير التعليم التعليمية التفاعل التقليدية التقنية
        التلفزيون التمثيل التنمية التهاب التونسية التي التيار الثالث الثالثة الثامن الثانوية الثاني الثاني.
        الثانية الثانية. الثانية، الثقافة الثقافي الثقافية الثلاث الثلاثة الثورة الجامع الجامعات الجامعة
        الجانب الجبال الجبل الجبهة الجديد الجديدة الجزء الجزائر الجزائري الجزائرية الجزر الجزيرة الجسم الجلد
        الجماعة الجمعة الجمعية الجمهور الجمهورية الجميع الجميلة الجنرال الجنس الجنسية الجنوب الجنوبي
        الجنوبية الجنود الجهاز الجهة الجو الجوي الجوية الجيش الجيل الحاج الحاجة الحادي الحارث الحاسوب الحاكم
        الحال الحالات الحالة الحالي الحالية الحب الحجر الحجم الحد الحدود الحديث الحديثة الحديد الحرارة الحرب
        الحرة الحرف الحركة الحروب الحرية الحزب الحسن الحسين الحصول الحضارة الحفاظ الحق الحقوق الحقيقة
        الحقيقي الحكم الحكومة الحكومية الحمراء الحملة الحميد الحي الحياة الحيوانات الحيوية الخارج الخارجي
        الخارجية الخاص الخاصة الخامس الخامسة الخدمات الخدمة الخط الخطاب الخطوط الخلافة الخلايا الخلية الخليج
        الخليفة الدائرة الداخلي الداخلية الدار الدخل الدخول الدراسات الدراسة الدرجة الدستور الدعم الدعوة
        الدفاع الدقيقة الدكتور الدكتوراه الدم الدنيا الدوائر الدور الدورة الدوري الدول الدولة الدولي الدولية
        الديمقراطي الديمقراطية الدين الديني الدينية الذاكرة الذهب الذهبي الذي الذين الرأس الرأي الرئيس
        الرئيسي الرئيسية الرابطة الرابع الرابعة الراحل الرجال الرجل الرحمن الرسالة الرسمي الرسمية الرسول
        الرغم الرقم الرواية الروسي الروسية الرومان الروماني الرومانية الرياح الرياض الرياضي الرياضيات
        الرياضية الزاوية الزراعة الزراعية الزمن الزواج الزيتون السابع السابق السابقة الساحة الساحل السادس
        الساعة السبب السجن السرعة السريع السعودي السعودية السفر السفن السفينة السكان السكان. السلام السلسلة
        السلطات السلطان السلطة السماء السنة السنوات السودان السوري السورية السوق السياحة السيارات السيارة
        السياسة السياسي السياسية السيد السيدة السير السيطرة السينما الشاب الشارع الشاعر الشام الشباب الشبكة
        الشتاء الشخص الشخصيات الشخصية الشرطة الشرعية الشرق الشرقي الشرقية الشركات الشركة الشريعة الشريف
        الشعب الشعبي الشعبية الشعر الشعوب الشكل الشمال الشمالي الشمالية الشمس الشهيد الشهير الشهيرة الشيخ
        الشيعة الشيوخ الشيوعي الصالح الصباح الصحابي الصحافة الصحة الصحراء الصحف الصحية الصراع الصغير الصغيرة
        الصلاة الصناعات الصناعة الصناعية الصوت الصور الصورة الصيغة الصيف الصين الصينية الضباط الضغط الضفة
        الضوء الطائرات الطائرة الطاقة الطب الطبقة الطبية الطبيعة الطبيعي الطبيعية الطرف الطرق الطريق الطريقة
        الطعام الطفل الطلاب الطلبة الطيران الطيور الظروف العائلات العائلة العاصمة العالم العالم. العالم،
        العالمي العالمية العالي العالية العام العام. العامة العثماني العثمانية العثور العدد العدو العديد
        العراق العراق. العراق، العراقي العراقية العرب العربي العربي. العربي، العربية العربية. العربية، العرض
        العزيز العسكري العسكرية العشرين العصر العصور العظمى العظيم العقد العلاج العلاقات العلاقة العلامة
        العلم العلماء العلمي العلمية العلوم العليا العمارة العمال العمر العمل العمليات العملية العناصر العهد
        العوامل العودة العين الغابات الغاز الغذائية الغرب الغربي الغربية الغزو الغير الـ الف الفتح الفترة
        الفدرالي الفرد الفردية الفرس الفرق الفرقة الفرنسي الفرنسية الفريق الفصل الفضاء الفضل الفقه الفكر
        الفكرة الفلسطيني الفلسطينية الفلسفة الفن الفنان الفنانين الفنون الفني الفنية الفوز الفيديو الفيزياء
        الفيلم القائد القائمة القادر القارة القاسم القاعدة القانون القاهرة القبائل القبض القبيلة القتال
        القدرة القدس القدم القدم. القدم، القديس القديم القديمة القديمة. القرآن القراءة القرار القرن القرون
        القرى القرية القسم القصة القصر القضاء القضايا القطاع القلب القلعة القمر القناة القوات القوانين القوة
        القول القومي القومية القوى القيادة القيام القيمة الكائنات الكاتب الكامل الكبد الكبرى الكبير الكبيرة
        الكتاب الكتابة الكتب الكثير الكربون الكرة الكروية الكريم الكلمات الكلمة الكلية الكمبيوتر الكنيسة
        الكهرباء الكهربائية الكون الكويت الكويتي الكيان الكيمياء الكيميائية اللازمة اللاعب اللاعبين
        اللبنانية اللجنة اللعب اللعبة اللغات اللغة الله الله. الله، اللون الليل المؤتمر المؤرخ المؤسسات
        المؤسسة المؤمنين الماء المائية الماجستير المادة الماضي المال المالية المباراة المباني المبنى المتحدة
        المتحدة. المتحدة، المتحف المتعلقة المتوسط المثال المثال، المجال المجالات المجاورة المجتمع المجتمعات
        المجلس المجمع المجموعات المجموعة المحافظة المحكمة المحلي المحلية المحيط المحيطة المختلفة المخرج
        المدارس المدرسة المدن المدني المدنية المدينة المدينة. المدينة، المذهب المرأة المراكز المرتبة المرحلة
        المرحوم المرض المرضى المركز المركزي المركزية المريض المزيد المساجد المساحة المستخدم المستخدمة
        المستقبل المستوى المسجد المسرح المسرحية المسلحة المسلسل المسلمون المسلمين المسيح المسيحية المشاركة
        المشاريع المشاكل المشروع المصادر المصدر المصري المصرية المصريين المصطلح المطار المعارك المعرفة
        المعركة المعروف المعروفة المعلومات المعهد المغرب المغربي المغربية المقاطعات المقاطعة المقاومة المقدس
        المكان المكتبة الملعب الملك الملكة الملكي الملكية الممثل الممثلة الممكن المملكة المناطق المنتج
        المنتجات المنتخب المنطقة المنطقة. المنظمات المنظمة المهمة المهندس المواد الموارد الموافق المواقع
        الموت الموجود الموجودة الموسم الموسيقى الموسيقية الموقع المياه الميلاد الناتج الناحية النادي النار
        الناس الناصر النبات النباتات النبي النتائج النجاح النجم النجوم النساء النسخة النشاط النص النصر النصف
        النصوص النظام النظر النظرية النفس النفط النقل النمط النمو النهائي النهائية النهاية النهر النواب
        النوع النووي النووية النيل الهاشمية. الهجرة الهجوم الهدف الهلال الهند الهندسة الهواء الهيئة الواحد
        الوادي الواقع الواقعة الوحدة الوحيد الوحيدة الوزراء الوسط الوسطى الوصول الوضع الوطن الوطني الوطنية
        الوقت الوقت. الوقت، الوقود الولايات الولاية الوهاب الى الي اليابان اليابانية اليد اليمن اليه اليهود
        اليهودية اليوم اليوم. اليونان اليونان. اليونانية ام اما امام امتداد امرأة ان انتخابات انتشار انتقل
        انتقلت انتهاء انتهت انتهى انخفاض انضم انظر انه انها اهل اول اي ب بأن بأنه بأنها بإنشاء بئر باب
        باتجاه باريس باستخدام باسم باشا باقي بالإضافة بالذكر بالرغم بالقرب باللغة بالنسبة بان ببطولة ببعض
        بتاريخ بجامعة بجانب بحث بحر بحسب بحلول بحوالي بحيث بحيرة بد بدء بدأ بدأت بداية بدر بدلا بدور بدون
        بذلك برامج برج برلين برنامج بريطانيا بسبب بسرعة بسيطة بشأن بشكل بصفة بصورة بطريقة بطل بطولة بعد
        بعدما بعده بعدها بعض بعضها بعضهم بعنوان بعيد بغداد بـ بفضل بقايا بقوة بقي بقيادة بقية بك بكثير بكر
        بكل بكلية بل بلا بلاد بلد بلدان بلدة بلديات بلدية بلغ بلغت بما بمثابة بمحافظة بمدينة بمعنى بمنطقة
        بموجب بن بناء بنت بنسبة بنفس بنفسه بنك بنو بنى بني بنية بنيت به به. به، بها بها. بها، بهدف بهذا بهذه
        بهم بواسطة بوجود بول بولاية بي بيانات بيت بيد بيروت بيع بين بينما بينه بينها بينهم بينهما تأتي تأثير
        تأسس تأسست تأسيس تأليف تؤدي تابعة تاريخ تاريخية تبدأ تبعد تبقى تبلغ تبين تتبع تتراوح تتضمن تتكون تتم
        تتمتع تتميز تجارية تجاه تجربة تجمع تحت تحتاج تحتوي تحدث تحديد تحرير تحسين تحصل تحقيق تحليل تحمل تحول
        تحولت تحوي تحويل تختلف تخرج تدخل تدريب تدعى تدور ترتيب ترجع ترجمة ترك تركيا ترى تزال تزوج تزيد تساعد
        تسبب تستخدم تستطيع تستعمل تسجيل تسمح تسمى تسمية تشبه تشتهر تشرين تشغيل تشكل تشكيل تشمل تشير تصبح
        تصدر تصل تصميم تصنيف تصوير تضم تطبيق تطور تطوير تظهر تعالى تعتبر تعتمد تعد تعداد تعرض تعرضت تعرف
        تعريف تعلم تعليم تعليمه تعمل تعني تعود تعيش تعيين تغير تغيير تفسير تقدر تقدم تقديم تقريبا تقريباً
        تقرير تقسيم تقع تقنية تقول تقوم تكن تكون تكوين تل تلقى تلك تم تماما تمت تمتد تمتلك تمثل تمكن تملك
        تموز تناول تنتج تنتشر تنتمي تنظيم تنظيمي تنفيذ تهدف توجد توجه توزيع توفر توفي توفير توقف تولى تونس
        تي ثابت ثالث ثاني ثانية ثلاث ثلاثة ثم ثمانية ثورة جاء جاءت جائزة جابر جامع جامعة جانب جبال جبل جدا
        جداً جديد جديدة جرت جريدة جزء جزءا جزر جزيرة جسر جسم جعفر جعل جماعة جمال جمع جمعية جمهورية جميع جنوب
        جهاز جهة جوائز جورج جون جي جيد جيدة جيش جيل جيمس حاجة حافظ حاكم حال حالات حالة حاليا حالياً حاول حب
        حتى حتي حجر حجم حد حدث حدثت حدوث حدود حديث حديقة حرارة حرب حرف حركة حزب حساب حسب حسن حسين حصل حصلت
        حفظ حق حقق حقوق حقيقة حكم حكومة حل حلب حلقة حماية حمد حمض حمل حملة حوالي حوض حول حي حياة حياته
        حياته. حيث حين حينما حينها خارج خارجية. خاص خاصة خالد خان خدمات خدمة خرج خصائص خصوصا خط خطة خطوط
        خلال خلالها خلايا خلف خلق خليج خليفة خليل خمس خمسة خير د. دائرة دائما داخل دار داود دبليو دبي دخل
        دخلت دخول دراسات دراسة دراسته درب درجات درجة درس دعم دفع دقيقة دليل دمشق دور دورا دورة دوري دول
        دولار دولة دولي دولية دون دي دير ديسمبر ديفيد دين ديوان ذا ذات ذكر ذكره ذلك ذلك. ذلك، ذهب ذو ذوي ذي
        رأس رأى رؤية رئاسة رئيس رئيسا رئيسي رئيسية رابطة راشد ربما ربيع رجال رجل رحلة رد رسالة رسم رسميا
        رسمية رسول رشيد رغم رفض رفع رقم رمز رمضان رواية روبرت روح روسيا روسيا. روما روى ريال زاد زال زالت
        زاوية زراعة زعيم زمن زوجة زوجته زوجها زيادة زيارة زيد سابق سابق. سابقا ساحة ساحل ساعات ساعة سافر
        سالم سان سانت ساهم سبب سبتمبر سبع سبعة سبق سبيل ست ستة سجل سرعة سطح سعد سعود سعيد سفر سفينة سقوط
        سكان سكانها سلاح سلالة سلسلة سلطان سلطة سليم سليمان سمي سميت سن سنة سنة. سنة، سنوات سنوات. سنوات،
        سهل سواء سورة سوريا سورية سوف سوق سوى سي سيارة سياسة سياسي سياسية سيد سيدي سيف سيكون سيما شارع شارك
        شاركت شاعر شباب شبكة شبه شجرة شخص شخصيات شخصية شديد شديدة شرح شرق شرقي شركات شركة شعار شعب شعبية شعر
        شغل شكل شمال شمس شهادة شهد شهدت شهر شهرة شيء شيخ صاحب صار صالح صباح صحة صحيح صحيفة صدام صدر صدرت
        صغير صغيرة صفحة صفوف صلاة صلاح صلى صناعة صنع صوت صور صورة صيف ضخمة ضد ضعف ضغط ضمن ضوء طائرات طائرة
        طاقة طالب طبقة طبيعة طبيعية طرابلس طراز طرف طرق طريق طريقة طلب طوال طول طوله طويل طويلة ظاهرة ظروف
        ظل ظلت ظهر ظهرت ظهور عائلة عاد عادة عادل عاش عاصمة عالم عالي عالية عام عام. عاما عاماً عامة عامر
        عامل عامي عبارة عباس عبد عبر عبيد عثر عثمان عدا عدة عدد عددا عددهم عدم عديدة عربي عربية عرض عرف عرفت
        عز عسكرية عشر عشر. عشر، عشرة عشرين عصر عضو عضوا عقب عقد عكس علاج علاقات علاقة علامة علم علماء علمية
        علوم على علي عليه عليه. عليه، عليها عليها. عليهم عمان عمر عمره عمرو عمل عملت عمله عمليات عملية عن
        عناصر عند عندما عنصر عنه عنها عنوان عهد عوامل عودة عيد عيسى عين غالبا غالباً غرب غربي غرفة غزة غير
        غيرها ـ فؤاد فإذا فإن فإنه فإنها فئة فارس فاز فان فبراير فتح فترات فترة فردي فرصة فرع فرق فرقة فرنسا
        فرنسا. فرنسي فروع فريق فشل فصل فضلا فعل ففي فقال فقال: فقد فقط فقط. فقط، فكان فكانت فكرة فلا فلسطين
        فلم فلما فما فمن فن فهد فهم فهو فهي فوق فون فى في فيصل فيلم فيما فيه فيها فيها. فيها، فيهم ق.م ق.م.
        قائد قائمة قاد قادة قادرة قاسم قاعدة قال قال: قام قامت قاموا قانون قبائل قبل قبيلة قتل قد قدر قدرة
        قدم قدمت قديم قديمة قراءة قرابة قرار قرب قرر قرى قريبة قرية قسم قشتالة قصة قصر قصص قصيرة قضاء قضى
        قضية قطاع قطر قطع قطعة قلب قلعة قليل قليلة قمة قناة قوات قواعد قوانين قوة قوى قوي قوية قي قيادة قياس
        قيام قيد قيل قيمة كأس كاتب كافة كاليفورنيا كاليفورنيا. كامل كاملة كان كانت كانوا كانون كبار كبير
        كبيرا كبيراً كبيرة كتاب كتابة كتابه كتب كتبه كتلة كثافة كثير كثيرا كثيراً كثيرة كذلك كرة كفر كل كلا
        كلم كلما كلمات كلمة كله كلها كلية كم كما كمال كميات كمية كنت كنيسة كوريا كوكب كون كونه كونها كي كيف
        كيفية كيلو كيلومتر كيميائي ل لأن لأنه لأنها لأول لأي لإحصائية لإنتاج لا لاحق لاحقا لاعب لان لبعض
        لبنان لبنان. لتحقيق لتصبح لتكون لتلك لجميع لجنة لدراسة لدى لديه لديها لديهم لذا لذلك لسنة لشركة
        لصالح لعام لعب لعبة لعدة لعدد لعدم لغات لغة لـ لفترة لقب لقد لك لكرة لكل لكن لكنه لكنها لكي للحصول
        للدولة للعمل للمرة لم لما لمحافظة لمدة لمدينة لمركز لمن لن لنا لنادي لندن له له. له، لها لها. لها،
        لهذا لهذه لهم لو لوحة لوس لولاية لون لويس لي ليبيا ليس ليست ليصبح ليكون ليلة م م) م. م، مؤتمر مؤسس
        مؤسسة مئات ما ماء مائة مات مادة مارس ماري مالك مايكل مايو مباراة مبارك مباريات مباشرة مبدأ مبنى متحف
        متر مترو متعددة متنوعة متوسط مثال مثل مثل: مثلا مجال مجالات مجتمع مجرد مجلة مجلس مجمع مجموع مجموعات
        مجموعة محافظة محاولة محددة محرك محطات محطة محكمة محل محمد محمود مختلف مختلفة مدار مدارس مدة مدخل
        مدرب مدرسة مدريد مدن مدى مدير مدينة مر مرات مراحل مراكز مربع مرة مرتين مرحلة مرض مركب مركز مرمى مرور
        مساحة مساحتها مساعد مساعدة مسافة مستشفى مستقلة مستوى مستويات مسجد مسرح مسرحية مسلسل مسلم مسيرته
        مشاكل مشروع مشكلة مصادر مصدر مصدر. مصر مصر. مصر، مصري مصرية مصطفى مصطلح مطار مطلع مع معالجة معاهدة
        معبد معدل معرفة معركة معروف معروفة معظم معلومات معنى معه معها معهد معهم معين معينة مفهوم مقابل
        مقارنة مقاطعات مقاطعة مقاومة مقتل مقدمة مقر مكان مكة مكتب مكتبة ملايين ملعب ملك ملوك مليار مليون مما
        ممارسة ممثل ممثلة مملكة ممن من مناطق منتخب منتصف منح منذ منزل منصب منصور منطقة منظمة منع منه منها
        منها. منهم منهما مهرجان مهما مهمة مواجهة مواد مواقع مواليد موت موجود موجودة موسم موسى موسيقى موضوع
        موقع مياه ميدان ميل ميلان ميناء نائب ناحية نادي ناصر نال نبات نتائج نتيجة نجاح نجح نجد نجم نجوم نحو
        نسبة نسخة نسمة نسمة. نسمة، نشأ نشأت نشاط نشر نشرت نص نصر نصف نطاق نظام نظر نظرا نظراً نظرية نظم نفس
        نفسه نفسها نقاط نقص نقطة نقل نمو نموذج نهاية نهر نوبل نور نوع نوفمبر نيويورك هؤلاء هاجر هامة هتلر
        هدف هذا هذة هذه هزم هزيمة هـ هل هم هما هنا هناك هندسة هنري هو هي هيئة و وأبو وأخذ وأصبح وأصبحت وأكثر
        وأما وأن وأنه وأول وأيضا وإذا وإلى وإن وإنما وابن واحد واحد. واحد، واحدة وادي واستمر واسع واسعة
        واضحة والتي والد والده والذي والذين والشيخ والعديد والعشرين والعلوم والعمل والله وان وبالتالي
        وبالرغم وبدأ وبدأت وبذلك وبسبب وبعد وبعدها وبعض وبقي وبها وبين وتبعد وتبلغ وتسمى وتشمل وتضم وتعتبر
        وتعد وتعني وتقع وتقوم وتكون وتم وتوجد وتوفي وجد وجدت وجه وجهة وجود وحتى وحدات وحدة وحصل وخاصة وخلال
        ودفن وذكر وذلك ورئيس وراء وربما ورد ورغم وزارة وزير وسائل وسجل وسط وسلم وسيلة وشارك وصف وصل وصلات
        وصلت وصول وضع وضعت وظل وظيفة وعاد وعادة وعبد وعدد وعدم وعلم وعلى وعمل وعن وعند وعندما وعين وغير
        وغيرها وغيرها. وغيرهم وفاة وفاته وفاته. وفاز وفق وفقا وفقاً وفى وفي وفيها وقال وقام وقامت وقبل وقت
        وقتل وقد وقع وقعت وقف وكالة وكان وكانت وكانوا وكتب وكذلك وكل وكما ولا ولاية ولد ولدت ولذلك ولعب ولقد
        ولكن ولكنه ولكنها ولم ولما وله ولها ولهذا ولو ولي وليس وما ومحمد ومركز ومع ومن ومنذ ومنها ومنهم وهذا
        وهذه وهكذا وهم وهما وهناك وهو وهى وهي ووضع ويبلغ ويتم ويستخدم ويسمى ويعتبر ويعتقد ويعد ويعمل ويقال
        ويقع ويقول ويقوم ويكون ويمكن ويوجد يأتي يأخذ يؤدي يا يبدأ يبدو يبقى يبلغ يتبع يتحدث يتطلب يتعلق
        يتكون يتم يتميز يجب يجد يجري يجعل يجيد يحاول يحتاج يحتوي يحدث يحصل يحمل يحيى يختلف يخرج يد يدخل يدعى
        يدل يذكر يرجع يرى يريد يزال يزيد يساعد يسبب يستخدم يستطيع يستعمل يسمح يسمى يشبه يشكل يشمل يشير يصبح
        يصل يضم يطلق يظهر يعتبر يعتقد يعتمد يعد يعرض يعرف يعطي يعقوب يعمل يعني يعود يعيش يقارب يقال يقدر
        يقدم يقرب يقع يقول يقوم يكتب يكن يكون يلعب يمتد يمثل يمر يمكن يملك يناير ينبغي ينتج ينتمي يوجد يوسف
        يوليو يوم يونيو
        """,
        // English: 452 words
        """
        (born (the a able about according across after again against age air album all almost along also
        although american among an and announced another any appeared appointed approximately april are area
        army around as at august australian available average back band based be became because become been
        before began being best between book born both british building built business but by called came
        can canadian career century character children church city close club college common community
        company considered continued control could council country county county, created current currently
        david day days de death december described designed developed development did died different
        district do does down due during each early east either elected end english established european
        even eventually every family famous father featured features february few field film final first
        five followed following football for form formed former found founded four french from full further
        game games gave general george german get given good government great group had has have having he
        head held help her high him himself his history history. home house how however, i if important in
        include included includes including income indian international into is it its james january
        japanese john joined july june just king known land large largest last late later law lead leading
        league led left less life life. like line live living local located london long lost made main major
        make making many march married may member members men miles military million modern more most moved
        much music must name named national near never new next no north not november now number october of
        off official often old on once one only open opened or order original originally other out over own
        part party people per performed period place play played player playing point political popular
        population position power president produced production professional program public published radio
        rather received record recorded released remained research result returned right river robert role
        royal run said same san school season second see seen sent september series served service set
        several she short should show side signed similar since single site six small so social sold some
        son song south special species st. started state states station still story students such support
        system take taken team television term than that the their them then there these they third this
        those though three through throughout time time, times title to together took top total town two
        u.s. under united university until up upon us use used using usually various version very village
        war was water way we well went were west western what when where which while who will william with
        within without won work worked working works world would written wrote year years years, years. york
        you young
        """,
        // German: 621 words
        """
        ab ab. aber acht album alle allem allen aller allerdings als also alten alter am amt an an, an. and
        andere anderem anderen anfang anschließend april arbeit arbeitete armee art arten auch auf auf, auf.
        aufgrund august aus aus, aus. ausbildung außerdem b. bad bahnhof bald band bau bedeutung befinden
        befindet begann beginn begriff bei beide beiden beim beispiel beispielsweise bekannt bekannt.
        bereich bereits berlin berliner besitz besitzt besonders bestand besteht besuchte betrieb betrug
        beträgt bevor bevölkerung bezeichnet bezeichnet. bezeichnung bildet bis bisher blieb britischen
        bruder buch burg bzw. ca. chr. county da dabei dafür daher damaligen damals damit danach dann darauf
        darunter das dass davon dazu de dem den denen der deren des dessen deutlich deutsche deutschen
        deutscher deutschland dezember die dies diese diesem diesen dieser dieses direkt doch dorf dort dr.
        drei dritten durch ebenfalls ebenso ehemalige ehemaligen eher eigene eigenen ein ein, ein. eine
        einem einen einer eines einige einigen einmal einsatz einwohner einzelnen einzige ende entstand
        entstanden entwickelte entwicklung er erfolg erfolgte erhielt erneut erreicht erreichte erschien
        erst erste ersten erster erstmals es etwa etwas europa fall familie fand fast fc februar film finden
        findet firma fläche folge folgenden folgte form frankreich franz französischen frau frauen friedrich
        frühen führt führte fünf für gab ganz gebiet gebäude gegen gegensatz gegenüber gegründet. geht
        gehören gehört gehörte gelang gemeinde gemeinden gemeinsam georg gesamte geschichte geschichte.
        gesellschaft gewann gewählt. gibt gilt ging gleichen gleichzeitig grenze große großen grund gruppe
        größte größten gründete gründung gut haben haben. handelt hans hat hat. hatte hatte, hatte. hatten
        hauptsächlich haus heinrich herrschaft heute heutigen hier hilfe hinaus hinter hohe hohen hälfte
        häufig höhe i. ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres ii. im immer in innerhalb ins
        insbesondere insel insgesamt internationalen ist ist, ist. jahr jahre jahren jahres jahrhundert
        jahrhunderts januar je jedoch jeweils johann john juli juni kaiser kam kamen kann kann. karl
        karriere kehrte kein keine kilometer kinder kirche kleine kleinen kloster km kommen kommt konnte
        konnte. konnten kreis krieg kurz könig können können. lag lage land landkreis lang lange leben
        leben. lediglich letzte letzten liegen liegt ließ linie liste ludwig lässt m machte mai mal man mann
        mannschaft maria mehr mehrere mehreren meist meisten menschen meter michael millionen mit mitglied
        mitglieder mitte musik muss musste mutter märz münchen nach nachdem nachfolger nahe nahm name namen
        neben neu neue neuen new nicht noch norden november nun nur nähe nördlich ob oder of oft ohne
        oktober olympischen ort osten paris partei paul personen peter platz politische politischen pro
        professor provinz prozent präsident rahmen regel regierung region reihe richtung robert rolle rund
        saison san schlacht schließlich schloss schon schrieb schule schweizer sechs sehr sei sein sein.
        seine seinem seinen seiner seines seit seite selben selbst september serie setzte sich sie sieben
        sind sind, sind. sitz so sogar sohn soll sollte somit sommer sondern sowie sowohl spiel spielen
        spieler spielt spielte sprache später späteren st. staaten stadt stammt stand starb stark statt.
        stehen steht stelle stellt stellte straße strecke studierte studium süden südlich tag tage team teil
        teile teilweise the thomas titel tochter tod trat truppen tätig. um umfasst und university
        universität unter unternehmen ursprünglich usa v. vater verbindung verein vereinigten verschiedene
        verschiedenen vertrag verwendet verwendet. veröffentlichte viel viele vielen vier vom von vor vor.
        war war, war. waren waren. was wasser weblinks. wechselte weg wegen weil weit weiter weitere
        weiteren weiterhin welche welches welt weltkrieg wenig wenige weniger wenn werden werden, werden.
        werk werke westen wie wieder wien wiener wilhelm wird wird, wird. wo wobei wohl worden worden. wurde
        wurde, wurde. wurden wurden, wurden. während york z. zahl zahlreiche zahlreichen zehn zeigt zeit
        zentrum ziel zog zu zudem zum zunächst zur zurück zurück. zusammen zuvor zwar zwei zweite zweiten
        zwischen österreich über übernahm
        """,
        // French: 361 words
        """
        (en (né a afin ainsi album alors américain ancien and années ans ans, ans. août appelé après au
        aurait aussi autour autre autres aux avaient avait avant avec avoir avril ayant base beaucoup bien
        biographie. but car carrière cas cause ce celle celui centre cependant certaines certains ces cet
        cette ceux chaque charles chef chez château cinq club comme commune communes compte connu
        construction contre corps coupe cours création créé côté dans de depuis dernier dernière des deux
        deuxième devant devient direction dit doit donc donne dont droit du durant dès début décembre déjà
        département développement d’un d’une elle en encore ensuite entre environ espèce est et et, eu
        exemple existe externes. face faire fait famille fille film fils fin fit fois fonction font football
        forme france france, france. français française française, furent fut février gouvernement grand
        grande grandes grands groupe grâce guerre général généralement habitants histoire. homme hommes ii
        il ils jamais janvier jean jeu jeune john joue joueur jour jours juillet juin la langue laquelle le
        lequel les leur leurs liens lieu ligne loi long lors lorsque louis lui mai mais maison mars match
        membre membres milieu millions ministre mis mise moins mois monde mort mouvement musique même
        national nationale ne new niveau nom nombre nombreuses nombreux nommé non nord notamment nous
        nouveau nouvelle novembre né octobre of on ont ou où par parfois paris parmi part parti partie
        partir pas passe pays pendant permet personnes petit petite peu peut peuvent pierre place plupart
        plus plusieurs point politique population porte possède poste pour pouvoir premier premiers première
        premières prend prix production produit projet province près présente président puis père période
        quand quatre que quelques qui qu’il raison rapport rencontre reste roi rue réalisé région république
        rôle sa saison sans se seconde sein selon septembre sera service ses seul seule seulement si site
        situé située siège société soit son sont sorti sous souvent succès sud suite sur surtout système
        série tant temps terme territoire the titre toujours tour tous tout toute toutes travail travaux
        trois troisième trouve très type tête un une utilisé va vers version vie village ville y à écrit
        également étaient était étant états-unis études été être
        """,
        // Spanish: 269 words
        """
        (en a abril actual además agosto agua al algunas algunos ante antes así aunque año años años, bajo
        banda bien cada canción capital carlos carrera casi caso centro cerca ciudad comenzó como con
        conocido contra cual cuales cuando cuatro cuenta da de debido del dentro departamento desarrollo
        desde después diciembre diferentes distrito donde dos durante día e el ella ellos embargo, en
        encuentra encuentran enero enlaces entonces entre equipo era eran es esa ese españa especie esta
        estaba estado estados estas este estilo estos está están externos. familia febrero final forma
        frente fue fueron general gobierno gran grandes grupo guerra ha haber habitantes había habían hace
        hacer hacia han hasta hay hecho hijo historia historia. hizo importante josé juan julio junio junto
        la largo las le les llamado lo los luego lugar luis línea manera marzo maría mayo mayor mayoría
        mediante medio mejor menos mientras misma mismo momento mucho muchos muerte mundo municipio muy más
        música nacional nivel no nombre norte noviembre nueva nuevo número o obra obras octubre of orden
        origen otra otras otro otros para parte partido partir país película pero personas pesar población
        poco poder por presidente primer primera primeros principal provincia pueblo puede pueden punto que
        quien región rey río san santa se segunda segundo según septiembre ser serie si sido siempre siendo
        siglo sin sino sistema sobre solo son su sur sus sólo también tanto temporada tener tenía the tiempo
        tiene tienen tipo toda todas todo todos total trabajo tras través tres tuvo título un una
        universidad uno unos uso varias varios veces versión vez vida y y, ya zona álbum él época último
        """,
        // Italian: 517 words
        """
        (che (il (in (o a abitanti ad agli agosto ai al album alcune alcuni alla alle allo allora almeno
        altre altri altro anche ancora and anni anni, anni. anno antonio aprile assieme attività attraverso
        attualmente aver avere aveva avevano avrebbe avuto band base battaglia ben biografia. brano breve
        calcio campionato campo canzone capacità capo caratterizzata carlo carriera casa caso causa centrale
        centro che che, chiamata chiamato chiesa ci cinque cioè circa città ciò classe col come
        completamente comune comuni comunità comunque con considerato contro controllo coppa corpo corso
        costruzione così cui da dagli dai dal dalla dalle dallo data dato de degli dei del della delle dello
        detto deve di dicembre diocesi dipartimento diretto diritto disco distretto divenne diverse diversi
        donna dopo dove due durante e e, ebbe ed edizione egli elementi era erano esempio essere fa famiglia
        far fare fascia fase fatto febbraio fece figlia figlio film finale fine fino fiume forma formazione
        forte forza forze fosse fra francesco francese francia fratello fronte fu funzione fuori furono
        generale genere gennaio gioco giorni giorno giovane giovanni giugno giuseppe già gli governo grado
        gran grande grandi grazie gruppi gruppo guerra ha hanno i ii iii il importante importanti in infatti
        inglese inizia iniziò inoltre insieme intorno invece italia italiana italiano john km la lavori
        lavoro le legge lei li libro linea lingua livello lo località loro luce luglio lui luigi lungo luogo
        ma madre maggio maggior maggiore mai maria marzo membri membro meno mentre mesi metri metà mezzo
        milioni militare modello modo moglie molte molti molto momento mondiale mondo morte motore movimento
        musica musicale nazionale ne negli nei nel nella nelle nello new nome nominato non nonostante nord
        nota noto novembre numero numerose numerosi nuova nuove nuovi nuovo o of oggi ogni oltre opera opere
        ora origine ormai ottobre ovvero padre paese paolo pari parte particolare partire per perché periodo
        personaggi personaggio persone però piano piccola piccolo pietro piuttosto più pochi poco poi poiché
        politica popolazione porta posizione possibile possibilità possono posto potere prese presenta
        presente presenti presenza presidente presso prima prime primi primo principale principali
        probabilmente problemi processo prodotto produzione progetto programma propria proprietà proprio
        provincia pubblicato pubblico punti punto può qualche quale quali quando quanto quasi quattro quel
        quella quelle quelli quello questa queste questi questo qui quindi re realtà regione regno
        repubblica ricerca riesce rispetto ritorno riuscì roma romanzo ruolo san santa sarebbe sarà scopo
        scritto scuola se secolo secolo, secolo. seconda secondo sede seguito sei sempre senza serie
        servizio settembre si sia simile singolo sistema situata situato società solo sono soprattutto sotto
        spazio specie spesso squadra sta stagione stata state stati stato stazione stessa stesso stile
        storia storia. strada struttura studi studio su sua subito successivamente successivo successo sud
        sue sui sul sulla sulle suo suoi superficie sviluppo tale tanto tempi tempo termine terra territorio
        terzo the tipo titolo totale tra trama. tramite tratta tre trova trovano truppe tutta tuttavia tutte
        tutti tutto ufficiale ultimi un una uniti uno uomini usato utilizzato va valore vari varie velocità
        vengono venne vennero versione verso vi via vicino viene vinto vista vita vittoria volta volte zona
        è
        """,
        // Portuguese: 440 words
        """
        (em a abril acima acordo administrativa agosto ainda algumas alguns além americano américa and ano
        ano, anos anos, anos. antes antiga antigo ao aos apenas apesar aproximadamente após as assim
        asteróide através atual atualmente até aumento bairro banda base bastante bem brasil brasil, brasil.
        brasileiro bureau cada campeonato canção capital carlos carreira casa caso censo censos census
        centro cerca chamada chamado chegou cidade cidades cinco clube cobertos com começou como comuna
        comunidade condado conhecida conhecido conjunto considerado construção conta contra copa corpo
        criado criação d. da das de demografia. densidade dentro departamento depois descoberto desde
        desenvolvimento desta deste deu deve devido dezembro dia diagrama dias diferentes disso, distrito
        diversas diversos do dois dos duas durante década e e, edição ela ele eles em embora empresa
        enquanto entanto, entre então equipe era eram escola espécie essa esse esta estado estados estava
        este estende-se estilo estimada está estão exemplo, família fato faz fazer feito fevereiro fez fica
        ficou filho filme fim final foi fora foram forma formação francesa francisco fronteira futebol
        geografia. geralmente governo grande grandes grupo grupos guerra género gênero hab/km². habitantes
        habitantes, habitantes. havia história história. hoje há i igreja ii ilha importante importantes
        incluindo início isso janeiro janeiro, jogo jogos john josé joão julho junho junto já km km² km²,
        lado lançado lhe linha livro local localidades localizada localizado logo longo lugar língua m maio
        maior maiores maioria mais maria março mas meio melhor membro membros menos mesma mesmo metros mil
        milhões morte movimento muitas muito muitos mundo município média música na nacional nas ngc no nome
        norte norte-americano nos nova novembro novo num numa nunca não nível número o obra obras of oficial
        onde orbital origem os ou outra outras outro outros outubro pai papel para parte partir passou paulo
        paulo, país países pedro pela pelas pelo pelos personagem pertencente período pessoas pode podem
        poder pois política político ponto populacional população por porque porto portugal posição possui
        pouco presidente primeira primeiro primeiros principais principal principalmente processo produção
        programa projeto província próprio quais qual qualquer quando quanto quase quatro que que, quem raio
        recebeu redor região rei reino relação representa república rio santa se sede seguinte segunda
        segundo seis seja sem sempre sendo ser seria setembro seu seus sexo sido sistema sob sobre somente
        states sua suas sucesso sul são século série só tais tal também tanto tarde tem tempo temporada
        tendo ter termo terra teve the tinha tipo toda todas todo todos tornou tornou-se total trabalho três
        tv têm título um uma unidos united universidade usado uso velocidade versão vez vezes vida
        vizinhança. volta várias vários à às água água. álbum área áreas é época último única único
        """,
        // Dutch: 263 words
        """
        (bron: (regio aan aantal af al album alle alleen als amerikaanse andere april arrondissement
        augustus band bedraagt begin begon beide bekend bestaat bevolkingsdichtheid bij bijvoorbeeld binnen
        bleef boven bureau census club daar dan dat de december deel deelstaat demografie. departement der
        derde deze die district dit dood door dorp drie duitse dus echter een eerst eerste eeuw eigen elkaar
        en enige enkele er europese familie februari figuur film franse gaan gaat gebied gebruik gebruikt
        geen gelegen gemaakt gemeente geografie. gezien ging goed groep groot grootste grote haar had hadden
        hebben heeft hem het hier hij huidige hun in insee-tellingen). inwoners inwoners. inwonertal is is.
        jaar januari jaren juli juni kan keer kleine km km² km², km². komen komt kon koning kreeg kunnen
        kwam laatste land later leven lid ligt maakt maakte maar maart maken mee meer meestal meeste mei men
        mensen met meter moest moet mogelijk na naam naar nam nederland nederlands nederlandse niet nieuwe
        nog november nu nummer of oktober om omdat onder onderstaande ongeveer ook op opnieuw oppervlakte
        oude over per periode plaats plaatsen provincie rol rond samen seizoen september sinds slechts snel
        soort speelde staat stad states steeds te tegen telt ten ter terug the tijd tijdens toe toen toont
        tot tussen twee tweede uit united vaak vader valt van vanaf veel vele verder verenigde verloop
        verschillende via vier volgende volgens voor vooral vorm waar waarbij waardoor waarin waarvan waren
        was was. wat weer weg wel werd werden werk won worden worden. wordt zal ze zeer zelf zelfs zich zien
        zij zijn zijn. zo zoals zonder zoon zou zowel één
        """,
    ]
}
