/// Rules for agency names: which written names name the same agency.
///
/// Texts name one agency in several ways: with or without its province (`湖南省浏阳市应急管理局`,
/// `浏阳市应急管理局`), by its full or its common short name (`北京市昌平区环境保护局`,
/// `北京市昌平区环保局`), an autonomous county by its place and unit alone (`景谷县…` for
/// `景谷傣族彝族自治县…`), in either script's brackets and widths.
public enum AgencyName {
    /// A key equal for names of one agency: folded as subject names are, a province before a
    /// city's or county's name dropped, an autonomous unit's peoples dropped, common short names
    /// of departments written out.
    public static func key(_ name: String) -> String {
        let folded = CaseNumber.normalize(name)
        let withoutItsProvince = withoutProvince(folded, among: provinceLevel)
        var key = withoutPeoples(withoutItsProvince != folded ? withoutItsProvince : withoutProvince(folded, among: provinceShortNames))
        for (short, full) in departmentShortNames where key.containsFast(short) && !key.containsFast(full) {
            key = key.replacingOccurrences(of: short, with: full)
        }
        return key
    }

    /// Whether `a` and `b` name the same agency: their keys are equal, or one is the other
    /// without its city (`三水区农林渔业局` in a text of `佛山市三水区农林渔业局`). Not a key: two
    /// cities may have districts of one name (鼓楼区), so only a text's own names are compared so.
    public static func same(_ a: String, _ b: String) -> Bool {
        let (a, b) = (key(a), key(b))
        guard a != b else { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.hasSuffix(short), namesPlace(Substring(short)) else { return false }
        let city = long.dropLast(short.count)
        return city.count >= 3 && cityUnits.contains(where: city.hasSuffix)
    }

    /// `name` without the province (one of `provinces`) it opens with, when a city's or county's
    /// name follows (`湖南省浏阳市应急管理局`; not `湖南省应急管理厅`).
    /// A short name (`宁夏`, `湖南`) is dropped only before another place (`宁夏银川市…`), not as
    /// a city's own name (`吉林市…`) nor as part of a region's or an autonomous unit's
    /// (`西藏自治区…`, `海南藏族自治州…`).
    public static func withoutProvince(_ name: String, among provinces: [String]) -> String {
        guard let province = provinces.first(where: name.hasPrefix) else { return name }
        let rest = name.dropFirst(province.count)
        guard namesPlace(rest), let next = rest.first, !placeUnits.contains(next), !rest.hasPrefix("自治"),
            !peopleWords.contains(where: { rest.starts(with: $0) })
        else { return name }
        return String(rest)
    }

    /// Provinces and regions as reports name them before a city, without their unit (`宁夏`, `湖南`).
    private static let provinceShortNames = [
        "河北", "山西", "辽宁", "遼寧", "吉林", "黑龙江", "黑龍江", "江苏", "江蘇", "浙江", "安徽", "福建", "江西", "山东", "山東", "河南", "湖北", "湖南",
        "广东", "廣東", "海南", "四川", "贵州", "貴州", "云南", "雲南", "陕西", "陝西", "甘肃", "甘肅", "青海", "内蒙古", "內蒙古", "广西", "廣西", "西藏",
        "宁夏", "寧夏", "新疆",
    ]

    /// `name` with the peoples of its autonomous county, prefecture or banner dropped:
    /// `景谷傣族彝族自治县医疗保障局` → `景谷县医疗保障局`, as its own documents shorten it.
    static func withoutPeoples(_ name: String) -> String {
        guard name.containsFast("自治") else { return name }
        var characters = Array(name)
        var search = characters.startIndex
        while let start = (search..<characters.count).first(where: { characters[$0] == "自" }) {
            search = start + 1
            guard start + 2 < characters.count, characters[start + 1] == "治", "县縣州旗".contains(characters[start + 2]) else { continue }
            var peoplesStart = start
            while let word = peopleWords.first(where: { word in
                peoplesStart >= word.count && Array(characters[(peoplesStart - word.count)..<peoplesStart]) == word
            }) {
                peoplesStart -= word.count
            }
            // The county keeps a name of its own before its peoples, after any higher unit
            // (`融水`; not `呼伦贝尔市鄂温克族自治旗`, whose banner has none).
            let ownNameStart = (characters[..<peoplesStart].lastIndex(where: { placeUnits.contains($0) }) ?? -1) + 1
            guard peoplesStart < start, peoplesStart - ownNameStart >= 2 else { continue }
            characters.removeSubrange(peoplesStart..<(start + 2))
            search = peoplesStart + 1
        }
        return String(characters)
    }

    /// Whether `name` opens with a place's name (`潜江市医疗保障局`; not `自然资源局`, `市水利局`),
    /// or with a state body whose offices are named after it (`中华人民共和国海沧海关`,
    /// `中国人民银行白城市中心支行`, `国家税务总局…`): a name no page's section has.
    public static func opensWithPlace(_ name: String) -> Bool {
        // A converter's pinyin stands in brackets: only a name with one is read without it.
        let name = name.containsFast("(") ? ConverterDebris.removed(from: name) : name
        return opensWithStateBody(name) || namesPlace(Substring(name))
    }

    /// Whether `name` opens with a body of the state whose offices across the country carry its
    /// name (customs, the central bank, tax, financial and securities regulators).
    public static func opensWithStateBody(_ name: String) -> Bool {
        stateBodies.contains(where: name.hasPrefix)
    }

    /// State bodies whose local offices are named after them, in both scripts.
    public static let stateBodies = [
        "中华人民共和国", "中華人民共和國", "中国人民银行", "中國人民銀行", "国家税务总局", "國家稅務總局", "国家金融监督管理总局", "國家金融監督管理總局",
        "中国证券监督管理委员会", "中國證券監督管理委員會", "中国证监会", "中國證監會", "中国银保监会", "中國銀保監會", "中国银行保险监督管理委员会",
        "中国银监会", "中国保监会", "国家外汇管理局", "國家外匯管理局",
    ]

    /// Whether `name` is an office of the central bank (`中国人民银行晋中市中心支行`), whose name
    /// ends as a commercial bank's branch does (`中国银行股份有限公司晋中市分行`, a party).
    public static func isCentralBankOffice(_ name: String) -> Bool {
        (name.hasPrefix("中国人民银行") || name.hasPrefix("中國人民銀行")) && (name.hasSuffix("行"))
    }

    /// Whether `rest` opens with a place's name: the unit of a province, city, county, district
    /// or town after one or more characters, within the first thirteen (`攸县…`, `昌平区…`,
    /// `杭州市富阳区…`, `寻甸回族彝族自治县…`, `尔王庄镇…`); not a department (`生态环境厅`), nor
    /// a unit's character in a department's words (`住房和城乡建设局`, `城市管理局`, `市场监督管理局`;
    /// but `晋城市…`).
    private static func namesPlace(_ rest: Substring) -> Bool {
        let characters = Array(rest.prefix(13))
        return characters.indices.dropFirst().contains { index in
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let departmentWord = next == "场" || next == "場" || characters[index - 1] == "城" && (characters[index] == "乡" || next == "管")
            return placeUnits.contains(characters[index]) && !departmentWord
        }
    }

    private static let cityUnits = ["市", "州", "盟", "地区", "地區"]

    /// How a unit's name writes its peoples: each with 族, or without it when its name is longer
    /// than one character (`伊犁哈萨克自治州`; a single one would eat a county's own name:
    /// `长白朝鲜族自治县`); 各族 for all of them (`龙胜各族自治县`).
    private static let peopleWords: [[Character]] = peoples.flatMap { people in
        [Array(people) + ["族"]] + (people.count > 1 ? [Array(people)] : [])
    }

    /// The peoples autonomous units are named after (in `景谷傣族彝族自治县`), both scripts.
    private static let peoples = [
        "蒙古", "回", "藏", "维吾尔", "維吾爾", "苗", "彝", "壮", "壯", "布依", "朝鲜", "朝鮮", "满", "滿", "侗", "瑶", "白", "土家", "哈尼",
        "哈萨克", "哈薩克", "傣", "黎", "傈僳", "佤", "畲", "拉祜", "水", "东乡", "東鄉", "纳西", "納西", "景颇", "景頗", "柯尔克孜", "柯爾克孜", "土",
        "达斡尔", "達斡爾", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "錫伯", "阿昌", "普米", "塔吉克", "怒", "鄂温克", "鄂溫克", "德昂",
        "保安", "裕固", "独龙", "獨龍", "鄂伦春", "鄂倫春", "瑤", "畬", "各",
    ]

    private static let placeUnits: Set<Character> = ["省", "市", "区", "區", "县", "縣", "州", "盟", "旗", "镇", "鎮", "乡", "鄉"]

    /// Whether `scalar` is the unit of a place (`省`, `市`, `县`, `区`, `镇`…) ending its name.
    public static func isPlaceUnit(_ scalar: Unicode.Scalar) -> Bool { placeUnits.contains(Character(scalar)) }

    /// Province names, in both scripts.
    public static let provinces = [
        "河北省", "山西省", "辽宁省", "遼寧省", "吉林省", "黑龙江省", "黑龍江省", "江苏省", "江蘇省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "山東省",
        "河南省", "湖北省", "湖南省", "广东省", "廣東省", "海南省", "四川省", "贵州省", "貴州省", "云南省", "雲南省", "陕西省", "陝西省", "甘肃省", "甘肅省",
        "青海省", "台湾省", "臺灣省", "内蒙古自治区", "內蒙古自治區", "广西壮族自治区", "廣西壯族自治區", "西藏自治区", "西藏自治區", "宁夏回族自治区",
        "寧夏回族自治區", "新疆维吾尔自治区", "新疆維吾爾自治區",
    ]

    /// Province-level divisions: the provinces and regions, and the four cities under the state.
    private static let provinceLevel = provinces + ["北京市", "天津市", "上海市", "重庆市", "重慶市"]

    /// Departments' common short names and what they stand for (the short name as a whole word
    /// of the name: `环保局` in `昌平区环保局`).
    private static let departmentShortNames: [(String, String)] = [
        ("环保局", "环境保护局"), ("環保局", "環境保護局"),
        ("应急局", "应急管理局"), ("應急局", "應急管理局"),
        ("市场监管局", "市场监督管理局"), ("市場監管局", "市場監督管理局"), ("市监局", "市场监督管理局"),
        ("林草局", "林业和草原局"),
        ("文旅广体局", "文化旅游广电体育局"), ("文旅局", "文化和旅游局"),
        ("卫健委", "卫生健康委员会"), ("衛健委", "衛生健康委員會"), ("卫健局", "卫生健康局"),
        ("住建局", "住房和城乡建设局"), ("人社局", "人力资源和社会保障局"),
        ("综合执法局", "综合行政执法局"), ("綜合執法局", "綜合行政執法局"), ("邮管局", "邮政管理局"), ("郵管局", "郵政管理局"),
        ("农业农村委", "农业农村委员会"), ("發改委", "發展和改革委員會"), ("发改委", "发展和改革委员会"),
    ]
}
