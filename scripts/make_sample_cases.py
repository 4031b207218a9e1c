#!/usr/bin/env python3
"""Writes SampleCases/: realistic enforcement case files for the demo and the tests.

Run once by a developer (needs reportlab and ffmpeg); its output is committed, so the demo and
CI need neither. Re-running gives the same texts.
"""
import io, json, os, shutil, subprocess, sys, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "SampleCases")
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W_USCC = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
W_ID = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

def uscc(body17):
    s = sum(ALPHABET.index(c) * w for c, w in zip(body17, W_USCC))
    return body17 + ALPHABET[(31 - s % 31) % 31]

def idcard(body17):
    s = sum(int(c) * w for c, w in zip(body17, W_ID))
    return body17 + "10X98765432"[s % 11]

DIGITS = "〇一二三四五六七八九"
def cn_year(y): return "".join(DIGITS[int(c)] for c in str(y))
def cn_small(n):
    if n < 10: return DIGITS[n]
    if n < 20: return "十" + (DIGITS[n % 10] if n % 10 else "")
    return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
def cn_date(d):
    y, m, dd = d.split("-")
    return f"{cn_year(int(y))}年{cn_small(int(m))}月{cn_small(int(dd))}日"
CAP = "零壹贰叁肆伍陆柒捌玖"
def cn_amount(n):
    units = [(10000, "万"), (1000, "仟"), (100, "佰"), (10, "拾"), (1, "")]
    out, zero = "", False
    for value, unit in units:
        digit = n // value % (10 if value < 10000 else 10000)
        if value == 10000:
            digit = n // 10000
            if digit:
                out += cn_amount(digit).rstrip("元整") + "万"
            continue
        if digit:
            if zero and out: out += "零"
            out += CAP[digit] + unit
            zero = False
        else:
            zero = True
    return out + "元整"

SUBJECTS = {
    "fengxian_food": dict(name="上海奉贤鲜味餐饮管理有限公司", id=uscc("91310120MA1HK3X5"+"2"), kind="enterprise",
                          address="上海市奉贤区南桥镇江海路288号"),
    "jinhui_chem": dict(name="上海金汇精细化工有限公司", id=uscc("91310120630012345"), kind="enterprise",
                        address="上海市奉贤区金汇镇工业路66号"),
    "xinda_build": dict(name="上海信达建筑工程有限公司", id=uscc("91310115MA1K4B7C9"), kind="enterprise",
                        address="上海市浦东新区川沙路1000号"),
    "masked_mart": dict(name="贵州六盘水惠民超市有限公司", id="915206****7FMTAX63", kind="enterprise",
                        address="贵州省六盘水市钟山区人民路12号"),
    "wang_wei": dict(name="王伟", id=idcard("44122619920315281"), kind="person", address="上海市奉贤区西渡街道浦江路18弄5号"),
    "li_na": dict(name="李娜", id=idcard("31011019880802462"), kind="person", address="上海市奉贤区奉城镇城中路9号"),
    "zhang_qiang": dict(name="张强", id=None, kind="person", address="上海市奉贤区庄行镇南亭路3号"),
    "lvyuan_print": dict(name="上海绿源印务有限公司", id=uscc("91310120MA1J8N2P4"), kind="enterprise",
                         address="上海市奉贤区青村镇钱桥路501号"),
}

AGENCIES = {
    "scjg": ("上海市奉贤区市场监督管理局", "沪市监奉处"),
    "sthj": ("上海市奉贤区生态环境局", "第2231"),
    "cgzf": ("上海市奉贤区城市管理行政执法局", "奉城管罚"),
}

def header(agency, title, number):
    return f"{agency}\n{title}\n案号:{number}\n"

def party(s):
    lines = []
    if s["kind"] == "enterprise":
        lines.append(f"当事人:{s['name']}")
        if s["id"]: lines.append(f"统一社会信用代码:{s['id']}")
        lines.append(f"住所:{s['address']}")
    else:
        lines.append(f"当事人:{s['name']}")
        if s["id"]: lines.append(f"身份证号码:{s['id']}")
        lines.append(f"住址:{s['address']}")
    return "\n".join(lines) + "\n"

def decision(agency, number, s, facts, basis, amount, date, officers, kinds="罚款"):
    return (header(agency, "行政处罚决定书", number) + party(s) +
            f"执法人员:{officers}\n"
            f"经查,{facts}\n"
            f"以上事实有现场检查笔录、询问笔录、照片等证据为证。\n"
            f"当事人的上述行为违反了{basis[0]}的规定。依据{basis[1]}的规定,本机关决定对当事人处以{kinds}人民币{cn_amount(amount)}(￥{amount}元)。\n"
            f"当事人应自收到本决定书之日起十五日内缴纳罚款。如不服本处罚决定,可以在收到本决定书之日起六十日内依法申请行政复议,或者在六个月内依法向人民法院提起行政诉讼。\n"
            f"{agency}\n{cn_date(date)}\n")

def filing(agency, number, s, summary, date):
    return (header(agency, "立案审批表", number) + party(s) +
            f"案由:{summary}\n立案日期:{date.replace('-', '年', 1).replace('-', '月')}日\n承办人意见:建议立案调查。\n{agency}\n{cn_date(date)}\n")

def inquiry(agency, number, s, officers, content, date):
    return (header(agency, "询问笔录", number) + f"被询问人:{s['name']}\n执法人员:{officers}\n"
            f"问:我们是{agency}的执法人员,现依法向你进行询问,你是否听清楚?\n答:听清楚了。\n问:{content[0]}\n答:{content[1]}\n"
            f"询问时间:{date}\n")

def notice(agency, number, s, basis, amount, date):
    return (header(agency, "行政处罚告知书", number) + party(s) +
            f"本机关拟依据{basis}的规定,对你(单位)处以罚款人民币{amount}元。你(单位)有权进行陈述和申辩。\n{agency}\n{cn_date(date)}\n")

def service(agency, number, s, doc, date):
    return header(agency, "送达回证", number) + f"受送达人:{s['name']}\n送达文书:{doc}\n送达方式:直接送达\n送达日期:{date}\n收件人签名:{s['name']}\n{date}\n"

def closing(agency, number, s, amount, date):
    return (header(agency, "结案报告", number) + party(s) +
            f"处罚决定已执行完毕,罚款{amount}元已缴纳。建议结案。\n{agency}\n{cn_date(date)}\n")

def review(agency, number, basis, date):
    return header(agency, "法制审核意见书", number) + f"经审核,本案事实清楚,证据确凿,适用依据{basis}正确,程序合法,处罚适当。同意。\n{agency}法制审核机构\n{cn_date(date)}\n"

def write(path, text, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="\n") as f:
        f.write(text)

def docx_bytes(text):
    from xml.sax.saxutils import escape
    paras = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n"))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{paras}</w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document)]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()

def write_docx(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "wb").write(docx_bytes(text))

def write_pdf(path, text):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 11)
    y = 800
    for line in text.split("\n"):
        while line:
            chunk, line = line[:40], line[40:]
            c.drawString(50, y, chunk)
            y -= 18
            if y < 60:
                c.showPage(); c.setFont("STSong-Light", 11); y = 800
    c.save()

def write_media(path, seconds=1, kind="video", created="2023-03-02T09:30:00"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if kind == "video":
        cmd = ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={seconds}",
               "-c:v", "libx264", "-pix_fmt", "yuv420p", "-metadata", f"creation_time={created}Z", "-fflags", "+bitexact", path]
    else:
        cmd = ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
               "-fflags", "+bitexact", path]
    subprocess.run(cmd, check=True)

def main():
    if os.path.exists(ROOT):
        for entry in os.listdir(ROOT):
            if entry != "README.md":
                p = os.path.join(ROOT, entry)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    S = SUBJECTS
    scjg, scjg_p = AGENCIES["scjg"]
    sthj, _ = AGENCIES["sthj"]
    cgzf, cgzf_p = AGENCIES["cgzf"]
    food_law = ("《中华人民共和国食品安全法》第三十四条第(十)项", "《中华人民共和国食品安全法》第一百二十四条第一款第(五)项")
    food_law_plain = ("《中华人民共和国食品安全法》第三十四条", "《中华人民共和国食品安全法》第一百二十四条第一款")
    air_law = ("《中华人民共和国大气污染防治法》第四十八条第一款", "《中华人民共和国大气污染防治法》第一百零八条第(一)项")
    air_law2 = ("《中华人民共和国大气污染防治法》第一百零八条", "《中华人民共和国大气污染防治法》第一百一十九条第一款")
    city_law = ("《上海市市容环境卫生管理条例》第二十条", "《上海市市容环境卫生管理条例》第四十六条第一款")
    build_law = ("《中华人民共和国城乡规划法》第四十条第一款", "《中华人民共和国城乡规划法》第六十四条")

    # 1. A full ordinary-procedure penalty case with a manifest, docx documents and AV with a JSON sidecar.
    n1 = "沪市监奉处〔2023〕0123号"
    d = os.path.join(ROOT, "市场监管局", "2023-0123-鲜味餐饮")
    s = S["fengxian_food"]
    officers = "陈明(执法证号31120001)、刘洋(执法证号31120002)"
    write_docx(f"{d}/01_立案审批表.docx", filing(scjg, n1, s, "涉嫌经营超过保质期的食品", "2023-02-13"))
    write_docx(f"{d}/02_现场检查笔录.docx", header(scjg, "现场检查笔录", n1) + party(s) + f"执法人员:{officers}\n检查时间:2023年3月2日\n现场发现冷藏柜内存放超过保质期的牛奶12盒、酸奶8杯,已依法扣押。\n")
    write_docx(f"{d}/03_询问笔录.docx", inquiry(scjg, n1, s, officers, ("冷藏柜内过期牛奶是谁采购的?", "是店里采购员进的货,没有及时清理。"), "2023-03-03"))
    write_docx(f"{d}/04_法制审核意见书.docx", review(scjg, n1, food_law[1], "2023-04-10"))
    write_docx(f"{d}/05_行政处罚告知书.docx", notice(scjg, n1, s, food_law[1], 52120, "2023-04-12"))
    write_docx(f"{d}/06_行政处罚决定书.docx", decision(scjg, n1, s, "当事人于2023年3月2日在其经营场所冷藏柜内存放超过保质期的牛奶12盒、酸奶8杯用于销售。", food_law, 52120, "2023-04-28", officers, "没收违法所得并处罚款"))
    write_docx(f"{d}/07_送达回证.docx", service(scjg, n1, s, "行政处罚决定书", "2023-04-30"))
    write_docx(f"{d}/08_结案报告.docx", closing(scjg, n1, s, 52120, "2023-05-20"))
    write_media(f"{d}/音像/DSJ_20230302_093000.mp4", 2, created="2023-03-02T01:30:00")
    write(f"{d}/音像/DSJ_20230302_093000.json", json.dumps({
        "file_name": "DSJ_20230302_093000.mp4", "device_id": "DSJ-31120-0007", "officer_id": "31120001",
        "start_time": "2023-03-02 09:30:00", "end_time": "2023-03-02 09:30:02", "category": "查封扣押", "important": True}, ensure_ascii=False, indent=2))
    write(f"{d}/case.json", json.dumps({
        "schema": "juanzong-case/1", "case_number": n1, "agency": scjg, "case_type": "行政处罚", "procedure": "普通",
        "dates": {"filed": "2023-02-13", "decided": "2023-04-28", "served": "2023-04-30", "closed": "2023-05-20", "published": "2023-05-08"},
        "penalty": {"kinds": ["没收违法所得", "罚款"], "amount_yuan": 52120},
        "legal_basis": list(food_law),
        "officers": [{"name": "陈明", "badge_number": "31120001"}, {"name": "刘洋", "badge_number": "31120002"}],
        "subject": {"kind": "enterprise", "name": s["name"], "identifier": s["id"], "address": s["address"]},
        "documents": [{"file": f, "type": t} for f, t in [
            ("01_立案审批表.docx", "立案审批表"), ("02_现场检查笔录.docx", "现场检查笔录"), ("03_询问笔录.docx", "询问笔录"),
            ("04_法制审核意见书.docx", "法制审核意见"), ("05_行政处罚告知书.docx", "处罚告知书"), ("06_行政处罚决定书.docx", "处罚决定书"),
            ("07_送达回证.docx", "送达回证"), ("08_结案报告.docx", "结案报告")]],
        "av_records": [{"file": "音像/DSJ_20230302_093000.mp4", "sidecar": "音像/DSJ_20230302_093000.json", "category": "查封扣押", "important": True}],
    }, ensure_ascii=False, indent=2))

    # 2. Same subject, second case a year later: plain folder of PDFs, no manifest (inferred).
    n2 = "沪市监奉处〔2024〕0045号"
    d = os.path.join(ROOT, "市场监管局", "2024-0045-鲜味餐饮(无清单)")
    write_pdf(f"{d}/立案审批表.pdf", filing(scjg, n2, s, "涉嫌未按规定公示食品经营许可证", "2024-01-08"))
    write_pdf(f"{d}/处罚决定书.pdf", decision(scjg, n2, s, "当事人未在经营场所显著位置公示食品经营许可证。", food_law_plain, 5000, "2024-02-26", "陈明、周静"))
    write_pdf(f"{d}/送达回证.pdf", service(scjg, n2, s, "行政处罚决定书", "2024-02-28"))

    # 3. Environmental case, inferred from GBK text files, with an XML sidecar and a WAV recording.
    n3 = "第2231〔2023〕017号"
    d = os.path.join(ROOT, "生态环境局", "金汇精细化工-2023-017")
    s = S["jinhui_chem"]
    officers = "赵刚(执法证号02230011)、孙丽(执法证号02230012)"
    write(f"{d}/现场检查笔录.txt", header(sthj, "现场检查(勘验)笔录", n3) + party(s) + f"执法人员:{officers}\n检查发现当事人喷涂车间废气收集设施未运行,挥发性有机物无组织排放。\n二〇二三年六月五日\n", "gb18030")
    write(f"{d}/询问笔录.txt", inquiry(sthj, n3, s, officers, ("废气处理设施为何未运行?", "设备检修,没有停止生产。"), "2023-06-06"), "gb18030")
    write(f"{d}/行政处罚决定书.txt", decision(sthj, n3, s, "当事人在喷涂作业中未按规定使用污染防治设施,挥发性有机物无组织排放。", air_law, 200000, "2023-08-15", officers), "gb18030")
    write(f"{d}/送达回证.txt", service(sthj, n3, s, "行政处罚决定书", "2023-08-17"), "gb18030")
    write_media(f"{d}/录音/询问录音_20230606.wav", 1, kind="audio")
    write(f"{d}/录音/询问录音_20230606.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<Recording>\n  <FileName>询问录音_20230606.wav</FileName>\n'
          '  <DeviceID>HB-REC-0231</DeviceID>\n  <PoliceID>02230011</PoliceID>\n  <StartTime>2023-06-06 14:00:00</StartTime>\n'
          '  <EndTime>2023-06-06 14:00:01</EndTime>\n  <Category>调查取证</Category>\n</Recording>\n')

    # 4. Same chemical company, 2024, second environmental case (manifest, html documents).
    n4 = "第2231〔2024〕003号"
    d = os.path.join(ROOT, "生态环境局", "金汇精细化工-2024-003")
    text = decision(sthj, n4, s, "当事人超过大气污染物排放标准排放大气污染物。", air_law2, 150000, "2024-05-20", "赵刚、孙丽")
    write(f"{d}/行政处罚决定书.html", "<html><head><meta charset=\"utf-8\"><title>行政处罚决定书</title></head><body>" +
          "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>")
    write(f"{d}/case.json", json.dumps({"schema": "juanzong-case/1", "case_number": n4, "agency": sthj, "case_type": "行政处罚",
          "procedure": "普通", "dates": {"filed": "2024-03-01", "decided": "2024-05-20", "published": "2024-06-03"},
          "subject": {"kind": "enterprise", "name": "上海金汇精细化工有限公司(原金汇化工厂)", "identifier": s["id"]},
          "documents": [{"file": "行政处罚决定书.html", "type": "处罚决定书"}]}, ensure_ascii=False, indent=2))

    # 5-6. City management: a person with two cases, shipped as one zip bundle made on Windows (GBK names).
    w = S["wang_wei"]
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (num, date, facts, amount) in enumerate([
            (f"{cgzf_p}〔2023〕第0456号", "2023-09-12", "当事人在奉贤区南桥镇江海路沿街擅自设摊经营。", 500),
            (f"{cgzf_p}〔2024〕第0112号", "2024-07-03", "当事人在奉贤区南桥镇江海路沿街再次擅自设摊经营。", 1000)]):
            folder = f"王伟-{date[:4]}"
            for name, text in [(f"{folder}/立案审批表.txt", filing(cgzf, num, w, "涉嫌擅自设摊经营", date)),
                               (f"{folder}/行政处罚决定书.txt", decision(cgzf, num, w, facts, city_law, amount, date, "吴磊、郑华"))]:
                info = zipfile.ZipInfo(name, date_time=(2024, 8, 1, 0, 0, 0))
                info.flag_bits &= ~0x800
                info.filename = name
                raw_name = name.encode("gbk")
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("gbk"))
                # Patch the stored name to GBK bytes without the UTF-8 flag, as Windows tools write it.
        data = None
    raw = bundle.getvalue()
    # Rewrite names: zipfile stores UTF-8 with flag 0x800; rebuild with GBK bytes and no flag.
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    import struct, zlib
    central, offset = b"", 0
    for name, content in entries:
        name_bytes = name.encode("gbk")
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        compressed = comp.compress(content) + comp.flush()
        crc = zlib.crc32(content) & 0xFFFFFFFF
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5821, crc, len(compressed), len(content), len(name_bytes), 0)
        patched.write(local + name_bytes + compressed)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5821, crc, len(compressed), len(content),
                               len(name_bytes), 0, 0, 0, 0, 0, offset) + name_bytes
        offset += len(local) + len(name_bytes) + len(compressed)
    patched.write(central)
    patched.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), offset, 0))
    os.makedirs(os.path.join(ROOT, "城管执法局"), exist_ok=True)
    open(os.path.join(ROOT, "城管执法局", "王伟案卷(Windows压缩).zip"), "wb").write(patched.getvalue())

    # 7. A summary-procedure case for a person without identifier.
    n7 = f"{cgzf_p}〔2023〕第0789号"
    z = S["zhang_qiang"]
    write(os.path.join(ROOT, "城管执法局", "张强-简易程序", "当场处罚决定书.txt"),
          header(cgzf, "当场行政处罚决定书(简易程序)", n7) + party(z) +
          f"执法人员:吴磊、郑华\n当事人在庄行镇南亭路随意倾倒建筑垃圾。依据{city_law[1]}的规定,当场处罚决定书:处以罚款¥200元。\n{cn_date('2023-11-20')}\n")

    # 8. Building demolition (coercion) case with a CSV sidecar listing two recordings, one not delivered.
    n8 = f"{cgzf_p}〔2024〕第0301号"
    d = os.path.join(ROOT, "城管执法局", "信达建筑-强制拆除")
    s = S["xinda_build"]
    write_docx(f"{d}/立案审批表.docx", filing(cgzf, n8, s, "涉嫌未取得建设工程规划许可证进行建设", "2024-03-11"))
    write_docx(f"{d}/行政处罚决定书.docx", decision(cgzf, n8, s, "当事人未取得建设工程规划许可证,在川沙路1000号搭建违法建筑约120平方米。", build_law, 86000, "2024-05-06", "吴磊、郑华", "限期拆除并处罚款"))
    write_docx(f"{d}/强制执行记录.docx", header(cgzf, "执行记录", n8) + party(s) + "当事人逾期未拆除,本机关于2024年7月15日依法实施强制拆除,全程音像记录。\n二〇二四年七月十五日\n")
    write_media(f"{d}/音像/CQ_20240715_0800.mp4", 1, created="2024-07-15T00:00:00")
    write(f"{d}/音像/记录仪导出.csv", "文件名,设备编号,警号,开始时间,结束时间,类别,重要标记\n"
          "CQ_20240715_0800.mp4,ZF-CG-0102,3101150088,2024-07-15 08:00:00,2024-07-15 08:00:01,强制拆除,是\n"
          "CQ_20240715_0930.mp4,ZF-CG-0102,3101150088,2024-07-15 09:30:00,2024-07-15 10:12:40,强制拆除,是\n")

    # 9. Masked identifier, as published on a government website (OFD).
    n9 = "沪市监奉处〔2024〕0210号"
    s = S["masked_mart"]
    text = decision(scjg, n9, s, "当事人销售的食用植物油标签不符合国家标准要求。", food_law_plain, 3000, "2024-09-09", "周静、陈明")
    write_ofd(os.path.join(ROOT, "市场监管局", "公示件", "惠民超市处罚决定书.ofd"), text)

    # 10. Person with valid ID number, market supervision, 2023 (txt UTF-16 with BOM).
    n10 = "沪市监奉处〔2023〕0388号"
    s = S["li_na"]
    write(os.path.join(ROOT, "市场监管局", "李娜-2023-0388", "行政处罚决定书.txt"),
          decision(scjg, n10, s, "当事人无照经营美容服务。", ("《无证无照经营查处办法》第二条", "《无证无照经营查处办法》第十三条"), 8000, "2023-10-16", "刘洋、周静"), "utf-16")

    # 11-12. Printing company: two environmental cases in a tar.gz bundle with a manifest inside.
    import tarfile
    s = S["lvyuan_print"]
    tar_path = os.path.join(ROOT, "生态环境局", "绿源印务.tar.gz")
    with tarfile.open(tar_path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        def add(name, data):
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000; info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
        for num, date, amount in [("第2231〔2023〕041号", "2023-12-04", 30000), ("第2231〔2024〕052号", "2024-10-21", 45000)]:
            folder = f"绿源印务-{date[:4]}"
            add(f"{folder}/行政处罚决定书.docx", docx_bytes(decision(sthj, num, s, "当事人印刷车间有机废气未经收集处理直接排放。", air_law, amount, date, "赵刚、孙丽")))
            add(f"{folder}/case.json", json.dumps({"schema": "juanzong-case/1", "case_number": num, "agency": sthj, "case_type": "行政处罚",
                 "subject": {"kind": "enterprise", "name": s["name"], "identifier": s["id"]},
                 "documents": [{"file": "行政处罚决定书.docx", "type": "处罚决定书"}]}, ensure_ascii=False).encode())

    # Deliberately broken files.
    broken = os.path.join(ROOT, "问题文件")
    os.makedirs(broken, exist_ok=True)
    open(f"{broken}/损坏的决定书.pdf", "wb").write(b"%PDF-1.4\n1 0 obj<<>>\nthis is not a pdf body\n")
    good_zip = open(os.path.join(ROOT, "城管执法局", "王伟案卷(Windows压缩).zip"), "rb").read()
    open(f"{broken}/截断的压缩包.zip", "wb").write(good_zip[: len(good_zip) // 2])
    open(f"{broken}/乱码.txt", "wb").write(bytes([0x81, 0x30, 0xFF, 0xFE, 0x00, 0x41, 0xC0]) * 20)
    with zipfile.ZipFile(f"{broken}/越界路径.zip", "w") as zz:
        zz.writestr("../../etc/passwd_覆盖.txt", "root:x:0:0")
        zz.writestr("正常文件.txt", "情况说明:本压缩包中另一成员的路径越出压缩包,应被拒绝;本文件应正常入库。")
    write(f"{broken}/case.json", '{"case_number": 123, "documents": "错误"}')

def write_ofd(path, text):
    from xml.sax.saxutils import escape
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objects = "".join(f'<ofd:TextObject ID="{i+10}" Boundary="20 {20+i*8} 170 8" Font="1" Size="4"><ofd:TextCode X="0" Y="6">{escape(line)}</ofd:TextCode></ofd:TextObject>'
                      for i, line in enumerate(text.split("\n")) if line)
    parts = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 9, 9, 0, 0, 0)); info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

if __name__ == "__main__":
    main()
