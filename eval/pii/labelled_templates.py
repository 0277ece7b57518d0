"""The labelled set's pools of invented name parts and places, and its sentence templates
(tuning, held-out, fresh, hard negatives, cues), read by eval/pii/build_dataset.py."""

from __future__ import annotations

ZH_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅潘簡朱鍾彭游詹胡施沈"
ZH_GIVEN = (
    "志明美玲淑芬家豪雅婷俊傑怡君宗翰佳穎建宏秀英冠宇詩涵文彬麗華欣怡國強惠如承恩子瑜品妤柏翰"
)
EN_FIRST = [
    "Mary",
    "John",
    "Aisha",
    "Daniel",
    "Grace",
    "Kevin",
    "Linda",
    "Samuel",
    "Priya",
    "Oliver",
    "Fatima",
    "Michael",
    "Hannah",
    "Joseph",
    "Nadia",
    "Peter",
    "Emily",
    "Tom",
]
EN_LAST = [
    "Smith",
    "Johnson",
    "Okafor",
    "Fernandes",
    "Nguyen",
    "Brown",
    "Wilson",
    "Kowalski",
    "Taylor",
    "Hughes",
    "Patel",
    "Morrison",
    "Garcia",
    "Lindqvist",
    "Baker",
    "Reyes",
]
CITIES = ["台北市", "新北市", "桃園市", "臺中市", "高雄市", "台南市", "新竹縣", "彰化縣", "花蓮縣"]
DISTRICTS = ["大安區", "板橋區", "中壢區", "西屯區", "三民區", "東區", "竹北市", "員林市", "吉安鄉"]
ROADS = [
    "和平東路",
    "中山路",
    "民生路",
    "復興北路",
    "文化街",
    "中正路",
    "成功路",
    "忠孝東路",
    "建國南路",
    "自由街",
    "光復路",
    "仁愛路",
]
EN_STREETS = [
    "Elm Street",
    "King's Road",
    "Harbour Road",
    "Maple Avenue",
    "Church Lane",
    "Victoria Street",
    "Oak Drive",
    "Station Road",
    "Nathan Road",
    "Park Place",
]
DOMAINS = ["gmail.com", "yahoo.com.tw", "example.org", "ngo.org.tw", "mail.hk", "outlook.com"]


TUNING_ZH = [
    "案主{ZHNAME}（身分證字號{TWID}）目前住在{ZHADDR}，手機{PHONE}。",
    "社工{ZHNAME}於{YEAR}年訪視個案{ZHNAME}，案主出生日期：{DOB}。",
    "志工名單：{ZHNAME}、{ZHNAME}、{ZHNAME}，聯絡電話{PHONE}。",
    "外籍看護{ZHNAME}的居留證號碼為{ARC}，雇主電話{PHONE}。",
    "個案{ZHNAME}持香港身份證{HKID}，來台後住在{ZHADDR}。",
    "家屬{ZHNAME}提供大陸居民身份證{PRCID}影本，電子郵件{EMAIL}。",
    "{ZHNAME}先生的信用卡號{CARD}已於本月停用，請勿再扣款。",
    "捐款人{ZHNAME}小姐以國外帳戶匯款，IBAN：{IBAN}。",
    "系統紀錄顯示{ZHNAME}老師於{YEAR}年從IP位址{IP}登入。",
    "緊急聯絡人：{ZHNAME}（母親），電話{PHONE}，地址{ZHADDR}。",
    "申請人{ZHNAME}，{DOB}出生，身分證{TWID}。",
    "主任{ZHNAME}表示，案主{ZHNAME}的生日是{DOB}。",
]
TUNING_EN = [
    "Client {ENNAME} (DOB {DOB}) lives at {ENADDR}; mobile {PHONE}.",
    "Volunteer roster: {ENNAME}, email {EMAIL}, phone {PHONE}.",
    "Caseworker: {ENNAME}. The client's resident certificate number is {ARC}.",
    "Dear {ENNAME}, your donation by card {CARD} was received, thank you.",
    "Please transfer the refund to IBAN {IBAN} in the name of {ENNAME}.",
    "Login alert: {ENNAME} signed in from {IP} at 09:40.",
    "Mr. {ENNAME} showed HKID {HKID} and a Taiwan ID {TWID} at intake.",
    "The applicant, {ENNAME}, was born on {DOB} and holds PRC ID {PRCID}.",
]
# Written after the recognisers were tuned, in a different voice; never used for tuning.
HELD_OUT_ZH = [
    "本週家訪摘要：{ZHNAME}阿嬤獨居，兒子{ZHNAME}每月探視一次，手機號碼是{PHONE}。",
    "會議紀錄（{YEAR}年第{N}次）：出席者{ZHNAME}、{ZHNAME}；記錄{ZHNAME}。",
    "請將收據寄到{ZHADDR}，收件人{ZHNAME}，如有問題請回信至{EMAIL}。",
    "移工{ZHNAME}的統一證號{ARC}到期，需在月底前更新。",
    "通報單：受助人{ZHNAME}，身分證{TWID}，生日{DOB}，戶籍{ZHADDR}。",
    "林口站的{ZHNAME}社工來電，說案家電話改成{PHONE}了。",
    "她在香港的證件號碼是{HKID}，護照另外保管。",
    "陸配{ZHNAME}女士，證號{PRCID}，已完成團體課程。",
    "退款帳戶 {IBAN}（戶名：{ZHNAME}），請財務組協助。",
    "刷卡失敗的卡號是{CARD}，持卡人{ZHNAME}先生已另行改用轉帳。",
    "後台異常：{IP} 在凌晨連續嘗試登入{N}次。",
    "督導{ZHNAME}提醒：案主於{DOB}生，已滿六十五歲。",
]
HELD_OUT_EN = [
    "Minutes: present were {ENNAME} and {ENNAME}; {ENNAME} sent apologies.",
    "Home visit note. Ms {ENNAME} has moved to {ENADDR} and asked us to use {EMAIL} from now on.",
    "Her ARC ({ARC}) expires next month; her daughter can be reached on {PHONE}.",
    "Intake form: date of birth {DOB}, Hong Kong ID {HKID}, mainland ID {PRCID}.",
    "The grant was paid to account {IBAN}; contact {ENNAME} in finance with questions.",
    "Firewall log: repeated failed logins from {IP} against the volunteer portal.",
    "Refund note: card ending in the number {CARD} was charged twice.",
    "{ENNAME} rang the hotline from {PHONE} asking about the food bank.",
]
# Written last, after all tuning, and only measured (see the report's held-out figures).
FRESH_ZH = [
    "各位好，附件是{ZHNAME}的轉介單，她的聯絡方式：{PHONE}／{EMAIL}。",
    "{ZHNAME}\t{PHONE}\t{ZHADDR}\t已報名",
    "備註：個案媽媽{ZHNAME}說下週要搬到{ZHADDR}，新的市話是{PHONE}。",
    "我是{ZHNAME}，身分證號{TWID}，想申請急難救助。",
    "電訪紀錄 {YEAR}/{N}/{N}：與{ZHNAME}通話二十分鐘，對方情緒穩定。",
    "協助外籍配偶{ZHNAME}辦理居留證（{ARC}）展延。",
    "香港來的{ZHNAME}，身份證號碼{HKID}，需要租屋協助。",
    "捐款收據抬頭：{ZHNAME}；信用卡末四碼以外請勿記錄，但表單上仍寫了{CARD}。",
    "受暴婦女{ZHNAME}（{DOB}出生）暫住庇護所，請勿透露其下落。",
    "Zoom 會議連線紀錄：{ZHNAME}，IP {IP}，入會時間 19:02。",
    "海外匯入款項，匯款人{ZHNAME}，帳號{IBAN}。",
    "{ZHNAME}同學的家長{ZHNAME}希望改用電子郵件{EMAIL}聯繫。",
]
FRESH_EN = [
    "Hi team, forwarding a referral for {ENNAME}; best number is {PHONE}, email {EMAIL}.",
    "{ENNAME}\t{EMAIL}\t{PHONE}\tconfirmed",
    "Spoke with {ENNAME} today. She moved to {ENADDR} last week.",
    "For the shelter intake: {ENNAME}, born {DOB}, ID {TWID}.",
    "Transfer details from the donor {ENNAME}: {IBAN}.",
    "Please do not store card numbers like {CARD} in the shared sheet.",
    "Unusual traffic from {IP} hit the donation page overnight.",
    "Her Hong Kong identity card ({HKID}) and mainland ID ({PRCID}) were both photocopied.",
    "{ENNAME} and {ENNAME} will co-facilitate the Saturday group.",
    "Migrant worker {ENNAME}, resident permit {ARC}, asked about overtime pay.",
]
HARD_NEGATIVES_FRESH = [
    ("zh-TW", "統一編號{DOCNO}的承辦單位已完成核銷。"),
    ("zh-TW", "第{N}屆理監事會議通過{YEAR}年度工作計畫。"),
    ("zh-TW", "服務時間為週一至週五09:30-17:30，假日暫停。"),
    ("zh-TW", "依據身心障礙者權益保障法第{N}條第{N}項規定辦理。"),
    ("zh-TW", "本會{YEAR}年募得{N}萬元，執行率{N}%。"),
    ("zh-TW", "陳情案件已轉請相關機關處理，文號{DOCNO}。"),
    ("zh-TW", "這份報告引用了國際勞工組織與經濟合作暨發展組織的資料。"),
    ("zh-TW", "林業及自然保育署與高雄市政府合作推動志工培訓。"),
    ("en", "The meeting on {N} March {YEAR} approved the budget."),
    ("en", "See section {N}.{N} of the grant agreement, page {N}."),
    ("en", "Gemini and Claude produced different summaries of the Taipei report."),
    ("en", "Invoice {DOCNO} for NT${AMOUNT} was paid on time."),
]
HARD_NEGATIVES_ZH = [
    "台北市政府社會局與國際勞工組織於{YEAR}年合辦研討會。",
    "這條公車路線的思路很清楚，口號是「陪伴每一個家庭」。",
    "本計畫預算為NT${AMOUNT}元，另有補助約{N}0萬元。",
    "依勞動基準法第{N}條及個人資料保護法第{N}條辦理。",
    "公文字號：府社字第{DOCNO}號，請各單位查照。",
    "我們用Claude、Gemini、ChatGPT和NotebookLM比較了摘要品質。",
    "高雄市立圖書館在{YEAR}年舉辦了{N}場讀書會。",
    "中山路附近的店家捐贈了{N}箱物資。",
    "新北市社會局表示，{YEAR}年的服務人次成長{N}%。",
    "王道思維與路徑依賴是本章的兩個重點。",
    "會議於{YEAR}年{N}月{N}日下午兩點在第{N}會議室召開。",
    "衛生福利部與內政部移民署共同公告第{N}號函釋。",
    "大安區公所提供{N}個臨時工作名額。",
    "志工訓練共{N}小時，結業後發給證書。",
]
HARD_NEGATIVES_CODES = [
    ("zh-TW", "產品型號{BADID}已停產，請改訂新款。"),
    ("zh-TW", "訂單編號{ORDERNO}已出貨，預計{N}日內送達。"),
    ("zh-TW", "請參考ISBN 978-986-{N}{N}-{N}-{N}的出版品，服務時間09:30-17:30。"),
    ("en", "Order {ORDERNO} shipped; tracking code {BADID}."),
    ("en", "Release v{N}.{N}.{N} was deployed at 10:45 by the vendor."),
]
HARD_NEGATIVES_EN = [
    "Taipei City Government and the International Labour Organization met in {YEAR}.",
    "We compared Claude, Gemini, ChatGPT and NotebookLM on {N} summaries.",
    "The budget is NT${AMOUNT}, about {N} percent more than in {YEAR}.",
    "Under Article {N} of the Labour Standards Act, overtime must be paid.",
    "Document No. {DOCNO} was filed with the Ministry of Health and Welfare.",
    "The route map and the slogan were printed in {YEAR}.",
    "Version {N}.{N}.{N} of the app fixed the login bug.",
    "Oxfam, Amnesty International and the Red Cross joined the coalition.",
]


# Written after the sample corpus showed names the cues missed (role and kinship words such as
# 專員/長女/婆婆, married names 王林阿嬌, Latin names after 印尼籍/看護, the last item of a list
# followed by "（"), in a different voice from the samples, and measured before any change
# (figures in eval/pii_eval.py). Its own RNG, appended after the older rows, so those stay
# byte-identical.
MARRIED_GIVEN = ["阿嬌", "阿綢", "秀蘭", "月娥", "玉梅", "春桃", "素珍", "阿滿", "碧霞", "金鳳"]
LATIN_FIRST = ["Sri", "Nur", "Ayu", "Rina", "Maria", "Joy", "Ana", "Wati", "Lestari", "Somchai"]
LATIN_LAST = ["Wahyuni", "Aini", "Kartika", "Susanti", "Santos", "Dela Cruz", "Reyes", "Handayani"]
VIET_NAMES = ["Nguyen Thi Hoa", "Tran Van Minh", "Le Thi Thu", "Pham Thi Lan", "Vo Van Hung"]
CUES_ZH = [
    "家庭成員：長女{ZHNAME}（{N}歲，高職二年級），次子{ZHNAME}（{N}歲）。",
    "目前由婆婆{MARRIED}照顧孫子，公公{ZHNAME}已於去年過世。",
    "本案自下月起改由專員{ZHNAME}接手，並請督導{ZHNAME}覆核。",
    "理事長{ZHNAME}致詞後，由總幹事{ZHNAME}報告年度預算。",
    "案家雇用越南籍看護{LATIN}，雇主登記為案主的兒子。",
    "菲律賓籍移工 {LATIN} 在工廠受傷，已轉介法律扶助。",
    "會議主席：理事長{ZHNAME}　記錄：{ZHNAME}",
    "與會：{ZHNAME}、{ZHNAME}、{ZHNAME}（財務）、{ZHNAME}（社工組）",
    "外婆{MARRIED}每週洗腎三次，由外孫女{ZHNAME}陪同就醫。",
    "印尼籍配偶 {LATIN}（{N}歲）報名了週末中文班。",
    "母親{MARRIED}說，孩子的父親{ZHNAME}已多年沒有聯絡。",
    "請洽本會社工 {ZHNAME} 或志工隊長{ZHNAME}。",
    "出席：<PERSON_1>、<PERSON_2>、{ZHNAME}（志工）",
    "兒子{ZHNAME}與女兒{ZHNAME}輪流送餐，岳母{MARRIED}住在隔壁。",
]
CUES_NEGATIVE_ZH = [
    "個案紀錄與訪視紀錄請於三日內上傳，主任張貼了新的排班表。",
    "社工服務時數已登錄，志工申請表請於週五前繳回。",
    "總幹事紀錄會議重點後，理事長致詞並說明{YEAR}年的服務路線與口號。",
    "專員協助申請{YEAR}年度補助，核定金額NT${AMOUNT}元。",
    "印尼籍看護工的平均月薪約為{N},000元，越南籍移工人數成長{N}%。",
    "越南籍學員改用 Google Classroom 上課，志工以 Microsoft Teams 開會。",
    "婆婆高齡九十，兒子高中畢業後就業，母親曾經在工廠工作。",
    "督導方式改為每月一次，主席宣布散會，下次會議時間另訂。",
    "長子與長女都在臺北市立國中就讀，配偶目前待業。",
    "看護工由仲介公司安排，志工隊每週三到萬華服務中心集合。",
]
