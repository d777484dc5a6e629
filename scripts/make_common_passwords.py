"""Writes resources/passwords/common.txt: the passwords people reach for first, which
app.services.access.passwords refuses.

Made from what is known about common passwords (the words, keyboard runs and Chinese pinyin
favourites seen in every published list, with the digits and symbols people add to them), not
downloaded. Only entries the length-and-kinds rule would let through are kept: the others are
refused anyway. Run: python scripts/make_common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

WORDS = ["password", "passwd", "pass", "passw0rd", "p@ssword", "p@ssw0rd", "pa55word", "pa55w0rd", "passport", "secret", "secret1", "letmein", "welcome", "welcom", "hello", "hello1", "admin", "administrator", "admin1", "root", "toor", "test", "tester", "testing", "user", "guest", "manager", "master", "super", "superman", "batman", "spiderman", "ironman", "login", "logon", "system", "server", "service", "office", "company", "default", "changeme", "change", "iloveyou", "iloveu", "loveyou", "lovely", "love", "monkey", "dragon", "sunshine", "princess", "football", "baseball", "basketball", "soccer", "hockey", "shadow", "trustno", "trustno1", "michael", "jennifer", "jordan", "harley", "ranger", "hunter", "buster", "killer", "george", "charlie", "andrew", "thomas", "robert", "daniel", "joshua", "matthew", "pepper", "summer", "winter", "spring", "autumn", "ginger", "cookie", "computer", "internet", "samsung", "google", "apple", "windows", "linux", "ubuntu", "oracle", "mysql", "sqlserver", "qazwsx", "qazwsxedc", "asdfgh", "asdfghjkl", "zxcvbn", "zxcvbnm", "qwerty", "qwert", "qwertyui", "qwertyuiop", "asdf", "zxcv", "qwer", "asdfasdf", "qweasd", "qweasdzxc", "zaqxsw", "zaq1xsw2", "1qaz2wsx", "1qazxsw2", "2wsx3edc", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "a1s2d3f4", "z1x2c3v4", "qwe", "asd", "zxc", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "aaa", "aaaa", "aaaaaa", "aaaaaaaa", "abc123", "abcd123", "a123", "aa123", "aaa123", "ab123", "qq", "qqq", "qq123", "woaini", "woaini1314", "wozhiaini", "aini", "aiwo", "iloveyou1", "nihao", "nihaoma", "zhongguo", "china", "chinese", "beijing", "shanghai", "guangzhou", "shenzhen", "tianjin", "chongqing", "hangzhou", "nanjing", "wuhan", "chengdu", "xian", "dongbei", "wangwei", "zhangwei", "liwei", "wangfang", "zhangmin", "liming", "wangjing", "lijing", "zhangli", "wangli", "liuyang", "wang", "zhang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han", "tang", "feng", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "zeng", "peng", "lu", "su", "jiang", "cai", "jia", "ding", "wei", "xue", "ye", "yan", "yu", "pan", "du", "dai", "xia", "zhong", "tian", "ren", "jiang", "fan", "fang", "shi", "yao", "tan", "liao", "zou", "xiong", "jin", "laopo", "laogong", "baobao", "baobei", "qinai", "xiaobao", "xiaoming", "xiaohong", "xiaoqiang", "xiaoyu", "xiaolong", "tiantian", "kuaile", "xingfu", "pingan", "jiankang", "fuqi", "wanshi", "ruyi", "shunli", "fafa", "facai", "jiayou", "nuli", "xuexi", "gongzuo", "dangjian", "dangyuan", "dangzhibu", "dangwei", "zhibu", "shequ", "juwei", "jiedao", "zuzhibu", "gongchandang", "dangzhang", "renmin", "zhonghua", "huaxia", "changcheng", "mima", "mima123", "xinmima", "woshishui", "buzhidao", "wodemima", "qqq111", "qwe123", "asd123", "zxc123", "qaz123", "wsx123", "abc123456", "aa123456", "a123456", "a12345", "a1234", "a123456789", "a1b2c3", "a1b2c3d4", "a1a1a1", "a1a1a1a1", "a1a2a3", "abcabc", "abcabc123", "123abc", "1234abcd", "abc12345", "abcd1234", "abcd12345", "qwer1234", "asdf1234", "zxcv1234", "qwerasdf", "asdfqwer", "1234qwer", "1234asdf", "12qwaszx", "q1q1q1q1", "mypass", "mypassword", "newpass", "newpassword", "oldpass", "access", "access14", "freedom", "whatever", "nothing", "starwars", "pokemon", "naruto", "doraemon", "mickey", "minnie", "hellokitty", "snoopy", "tigger", "garfield", "flower", "rainbow", "butterfly", "angel", "angels", "hello123", "666666a", "888888a", "a666666", "a888888", "a111111"]

SUFFIXES = [
    "", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "0", "00",
    "000", "01", "11", "111", "1111", "22", "88", "888", "8888", "66", "666", "6666", "99", "999",
    "520", "521", "1314", "5201314", "007", "2000", "2008", "2010", "2012", "2015", "2016",
    "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025", "!", "!!", "@", "#",
    ".", "_", "123!", "@123", "#123", "_123", ".123", "!@#", "123.", "1!", "@2024", "@2025",
]

PREFIXES = ["", "a", "aa", "abc", "qq", "my", "i"]

# Digit runs with a letter or symbol added: what people type when told "letters and digits".
RUNS = ["12345678", "123456789", "1234567890", "11111111", "88888888", "66666666", "00000000",
        "87654321", "98765432", "11223344", "12341234", "12121212", "13141314", "52013140",
        "19491001", "20080808", "11112222", "12344321", "147258369", "123123123", "5201314"]


def kinds(p: str) -> int:
    return sum((any(c.isalpha() for c in p), any(c.isdigit() for c in p),
                any(not c.isalnum() for c in p)))


# Surnames and other short words take the commonest endings only.
SHORT_SUFFIXES = ["123", "1234", "12345", "123456", "12345678", "123456789", "888", "666", "520",
                  "1314", "5201314", "2008", "@123", "!"]


def candidates() -> set[str]:
    out: set[str] = set()
    for word in WORDS:
        short = len(word) <= 4
        for prefix in PREFIXES if short else PREFIXES[:1]:
            for suffix in SHORT_SUFFIXES if short else SUFFIXES:
                out.add(prefix + word + suffix)
        out.add(word + word)
        out.add(word.capitalize() + "123!")
    for run in RUNS:
        for extra in ("a", "q", "z", "x", "aa", "abc", "qwe", "!", ".", "@", "a!", "q!"):
            out.add(run + extra)
            out.add(extra + run)
    for unit in ("a1", "1a", "q1", "1q", "z1", "ab1", "a12", "1qa", "aa1", "qw1", "as1", "zx1", "x1", "w1"):
        for n in range(3, 6):
            out.add(unit * n)
    return {p.lower() for p in out if len(p) >= 8 and kinds(p) >= 2}


def main() -> None:
    target = Path(__file__).resolve().parents[1] / "resources" / "passwords" / "common.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    words = sorted(candidates())
    header = "# 常见密码（小写），设置密码时拒绝。由 scripts/make_common_passwords.py 生成。\n"
    target.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} passwords -> {target}")


if __name__ == "__main__":
    main()
