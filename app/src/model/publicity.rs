//! The rules of publicity (行政执法公示), each in one place: which decisions are published,
//! by when (working days on the official calendar, 调休 included), for how long, and what
//! public text may contain.
//!
//! Sources: State Council guidance 国办发〔2018〕118号 (7 working days for licences and
//! penalties, 20 for other decisions); Administrative Penalty Law 2021 art. 48 (withdrawal
//! within 3 days); the State Council's holiday notices for 2024, 2025 and 2026.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::{
    Category, DecisionStatus, Listing, PenaltyType, Procedure, Publication, person::mask_name,
};

/// Official days off and adjusted working days (调休) by year, from the State Council's
/// notices: 国办发明电〔2023〕7号 (2024), 〔2024〕12号 (2025), 〔2025〕7号 (2026).
const HOLIDAYS: &[(&str, &str)] = &[
    // 2024
    ("2024-01-01", "2024-01-01"),
    ("2024-02-10", "2024-02-17"),
    ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"),
    ("2024-06-10", "2024-06-10"),
    ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"),
    // 2025
    ("2025-01-01", "2025-01-01"),
    ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"),
    ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"),
    // 2026
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
];

/// Weekend days that are working days (调休上班).
const ADJUSTED_WORKDAYS: &[&str] = &[
    "2024-02-04",
    "2024-02-18",
    "2024-04-07",
    "2024-04-28",
    "2024-05-11",
    "2024-09-14",
    "2024-09-29",
    "2024-10-12",
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];

/// The years whose official calendar is built in.
pub const BUILT_IN_YEARS: std::ops::RangeInclusive<i64> = 2024..=2026;

/// The working-day calendar: weekends off, official holidays off, adjusted weekend days
/// on. Built in for 2024-2026; administrators load later years from the State Council's
/// notice (and may correct single days), which take precedence. A year with no official
/// calendar is counted on weekdays alone, and every deadline in it is provisional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Dates whose status differs from the weekday rule: `true` working, `false` off.
    overrides: BTreeMap<Date, bool>,
    /// Years whose official notice is loaded (built in or imported).
    official_years: std::collections::BTreeSet<i64>,
}

impl Calendar {
    /// The built-in calendar for 2024-2026.
    pub fn official() -> Self {
        let mut overrides = BTreeMap::new();
        for (from, to) in HOLIDAYS {
            if let (Some(mut d), Some(to)) = (Date::parse(from), Date::parse(to)) {
                while d <= to {
                    overrides.insert(d, false);
                    d = d.plus_days(1);
                }
            }
        }
        for day in ADJUSTED_WORKDAYS {
            if let Some(d) = Date::parse(day) {
                overrides.insert(d, true);
            }
        }
        Self {
            overrides,
            official_years: BUILT_IN_YEARS.collect(),
        }
    }

    /// Marks `year`'s official calendar as loaded.
    pub fn mark_official(&mut self, year: i64) {
        self.official_years.insert(year);
    }

    /// Whether `year`'s official calendar is known.
    pub fn is_official(&self, year: i64) -> bool {
        self.official_years.contains(&year)
    }

    /// Whether counting from `from` to `to` crosses a year with no official calendar:
    /// a deadline so computed is provisional.
    pub fn is_provisional(&self, from: Date, to: Date) -> bool {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        (a.year()..=b.year()).any(|y| !self.is_official(y))
    }

    /// Working days after `from` up to and including `to` (negative when `to` is
    /// earlier: the working days it lies behind).
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let n = (1..=a.days_until(b))
            .filter(|k| self.is_working_day(a.plus_days(*k)))
            .count() as i64;
        sign * n
    }

    /// Sets one day as working (`true`) or off (`false`).
    pub fn set(&mut self, date: Date, working: bool) {
        self.overrides.insert(date, working);
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        self.overrides
            .get(&date)
            .copied()
            .unwrap_or(date.weekday() <= 5)
    }

    /// The `n`-th working day after `from` (`from` itself not counted).
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.plus_days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

/// Working days after the decision by which it must be published: 7 for licences and
/// penalties, 20 for other decisions.
pub fn working_days_to_publish(kind: Category) -> u32 {
    match kind {
        Category::Licence | Category::Penalty => 7,
        _ => 20,
    }
}

/// The last day to publish a decision made on `decided`.
pub fn publication_deadline(kind: Category, decided: Date, calendar: &Calendar) -> Date {
    calendar.add_working_days(decided, working_days_to_publish(kind))
}

/// The last day to withdraw the publication of a decision ended (revoked, changed,
/// confirmed unlawful or void) by an act dated `ended`: 3 days (Administrative Penalty
/// Law art. 48, 三日内).
pub fn withdrawal_deadline(ended: Date) -> Date {
    ended.plus_days(3)
}

/// How long a decision stays in the public listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    ThreeMonths,
    ThreeYears,
}

/// The default threshold of a "small fine" (¥10,000), configurable per deployment.
pub const SMALL_FINE_FEN: i64 = 1_000_000;

/// 3 months for public criticism or a small fine (and nothing heavier), 3 years otherwise.
pub fn publication_period(
    penalties: &[PenaltyType],
    amount_fen: Option<i64>,
    small_fine_fen: i64,
) -> Period {
    let light = !penalties.is_empty()
        && penalties.iter().all(|p| {
            matches!(
                p,
                PenaltyType::Warning | PenaltyType::Criticism | PenaltyType::Fine
            )
        })
        && (penalties.contains(&PenaltyType::Criticism) || penalties.contains(&PenaltyType::Fine))
        && amount_fen.is_none_or(|a| a <= small_fine_fen);
    if light {
        Period::ThreeMonths
    } else {
        Period::ThreeYears
    }
}

/// The last day in the listing for a decision published on `published`.
pub fn published_until(published: Date, period: Period) -> Date {
    match period {
        Period::ThreeMonths => published.plus_months(3),
        Period::ThreeYears => published.plus_months(36),
    }
}

/// Why a decision is not published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "ground", content = "reason")]
pub enum NotPublished {
    /// Simple-procedure (on-the-spot) decisions.
    SimpleProcedure,
    /// A warning and nothing else.
    WarningOnly,
    /// A minor's case.
    Minor,
    /// State secrets, trade secrets or personal privacy, with the recorded reason.
    Withheld(String),
}

/// Whether a decision is published at all.
pub fn eligibility(
    procedure: Procedure,
    penalties: &[PenaltyType],
    minor: bool,
    withheld_reason: Option<&str>,
) -> Result<(), NotPublished> {
    if minor {
        return Err(NotPublished::Minor);
    }
    if let Some(reason) = withheld_reason.map(str::trim).filter(|r| !r.is_empty()) {
        return Err(NotPublished::Withheld(reason.to_owned()));
    }
    if procedure == Procedure::Simple {
        return Err(NotPublished::SimpleProcedure);
    }
    if !penalties.is_empty() && penalties.iter().all(|p| *p == PenaltyType::Warning) {
        return Err(NotPublished::WarningOnly);
    }
    Ok(())
}

/// Text for the public: identity numbers, bank accounts, phone numbers and addresses are
/// replaced by `*`, and each of `names` (natural persons) by its masked form.
pub fn scrub(text: &str, names: &[&str]) -> String {
    let mut out = text.to_owned();
    for name in names
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 2)
    {
        out = out.replace(name, &mask_name(name));
    }
    let out = mask_after_keywords(&out);
    mask_number_runs(&out)
}

/// Words after which an address follows, up to the next punctuation.
const ADDRESS_WORDS: [&str; 8] = [
    "家庭住址",
    "住址",
    "地址",
    "住所地",
    "住所",
    "居住地",
    "家住",
    "现住",
];

fn mask_after_keywords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let hit = ADDRESS_WORDS
            .iter()
            .filter_map(|w| rest.find(w).map(|i| (i, w.len())))
            .min_by_key(|&(i, len)| (i, usize::MAX - len));
        let Some((at, len)) = hit else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        // An optional colon or "为/在", then the address up to punctuation or a line end.
        let mut chars = rest.char_indices().peekable();
        let mut start = 0;
        while let Some(&(i, c)) = chars.peek() {
            if matches!(c, '：' | ':' | '为' | '在' | ' ') {
                out.push(c);
                start = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let body = &rest[start..];
        let end = body
            .find(['，', '。', '；', ';', ',', '\n', '）', ')'])
            .unwrap_or(body.len());
        out.extend(std::iter::repeat_n('*', body[..end].chars().count()));
        rest = &body[end..];
    }
}

/// Runs of 7 or more digits (phone numbers, identity numbers, bank accounts), allowing
/// separators and a final `X`, are masked; shorter numbers (amounts, dates, counts) stay.
fn mask_number_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // Extend over digits, with single '-' or ' ' between digit groups.
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if matches!(c, '-' | ' ') && j + 1 < chars.len() && chars[j + 1].is_ascii_digit()
            {
                j += 1;
            } else if matches!(c, 'X' | 'x') && digits >= 14 {
                j += 1;
                end = j;
                break;
            } else {
                break;
            }
        }
        // An amount (a decimal, grouped, or followed by 元/万/亿) is not a phone number.
        let grouped =
            end < chars.len() && matches!(chars[end], '.' | ',' | '，' | '元' | '万' | '亿');
        if digits >= 7 && !(grouped && digits < 11) {
            out.extend(std::iter::repeat_n('*', end - start));
        } else {
            out.extend(&chars[start..end]);
        }
        i = end;
    }
    out
}

/// Where a decision stands in the public listing on `today` (`None` for a draft):
/// `by_law` is whether the law publishes it at all ([`eligibility`]), `listing` its
/// publication record.
pub fn publication(
    status: DecisionStatus,
    by_law: bool,
    listing: &Listing,
    today: Date,
) -> Option<Publication> {
    if status == DecisionStatus::Draft {
        return None;
    }
    if !by_law {
        return Some(Publication::NotDisclosed);
    }
    Some(if listing.withdrawn_at.is_some() || status.is_ended() {
        Publication::Withdrawn
    } else if listing.published_at.is_none() {
        Publication::Pending
    } else if listing.published_until.is_some_and(|until| until < today) {
        Publication::Expired
    } else {
        Publication::Published
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_year_without_its_notice_makes_deadlines_provisional() {
        let mut c = Calendar::official();
        assert!(!c.is_provisional(d("2026-12-01"), d("2026-12-10")));
        assert!(c.is_provisional(d("2026-12-25"), d("2027-01-06")));
        c.mark_official(2027);
        assert!(!c.is_provisional(d("2026-12-25"), d("2027-01-06")));
        assert!(c.is_provisional(d("2028-01-03"), d("2028-01-04")));
    }

    #[test]
    fn working_days_between_count_both_ways() {
        let c = Calendar::official();
        // Friday 27 November 2026 to Friday 4 December: five working days.
        assert_eq!(c.working_days_between(d("2026-11-27"), d("2026-12-04")), 5);
        assert_eq!(c.working_days_between(d("2026-12-04"), d("2026-11-27")), -5);
        assert_eq!(c.working_days_between(d("2026-11-28"), d("2026-11-29")), 0);
    }

    #[test]
    fn holidays_and_adjusted_working_days_count_right() {
        let c = Calendar::official();
        // Spring Festival 2026: 15-23 February off; Saturday 14 and 28 February worked.
        assert!(!c.is_working_day(d("2026-02-16")));
        assert!(c.is_working_day(d("2026-02-14")));
        assert!(c.is_working_day(d("2026-02-28")));
        assert!(!c.is_working_day(d("2026-03-01")), "an ordinary Sunday");
        // National Day 2025 ran to 8 October; Saturday 11 October was worked.
        assert!(!c.is_working_day(d("2025-10-08")));
        assert!(c.is_working_day(d("2025-10-11")));
        assert!(c.is_working_day(d("2024-09-14")));
    }

    #[test]
    fn deadlines_skip_weekends_and_holidays() {
        let c = Calendar::official();
        // Decided Friday 13 Feb 2026: Sat 14 (worked) is day 1, then the holiday to the
        // 23rd; 24, 25, 26, 27 are days 2-5, Sat 28 (worked) day 6, Mon 2 March day 7.
        assert_eq!(
            publication_deadline(Category::Penalty, d("2026-02-13"), &c),
            d("2026-03-02")
        );
        // An ordinary week: Monday → the Wednesday of the next week.
        assert_eq!(
            publication_deadline(Category::Licence, d("2026-03-16"), &c),
            d("2026-03-25")
        );
        // Other kinds: 20 working days.
        assert_eq!(
            publication_deadline(Category::Compulsion, d("2026-03-16"), &c),
            d("2026-04-14")
        );
        // Administrators extend the calendar.
        let mut c2 = c.clone();
        c2.set(d("2026-03-17"), false);
        assert_eq!(
            publication_deadline(Category::Licence, d("2026-03-16"), &c2),
            d("2026-03-26")
        );
    }

    #[test]
    fn light_penalties_are_published_for_three_months() {
        use PenaltyType::*;
        assert_eq!(
            publication_period(&[Criticism], None, SMALL_FINE_FEN),
            Period::ThreeMonths
        );
        assert_eq!(
            publication_period(&[Fine], Some(500_000), SMALL_FINE_FEN),
            Period::ThreeMonths
        );
        assert_eq!(
            publication_period(&[Fine], Some(5_000_000), SMALL_FINE_FEN),
            Period::ThreeYears
        );
        assert_eq!(
            publication_period(&[Fine, RevokeLicence], Some(100), SMALL_FINE_FEN),
            Period::ThreeYears
        );
        assert_eq!(
            publication_period(&[], None, SMALL_FINE_FEN),
            Period::ThreeYears
        );
        assert_eq!(
            published_until(d("2026-01-31"), Period::ThreeMonths),
            d("2026-04-30")
        );
    }

    #[test]
    fn eligibility_follows_the_rules() {
        use PenaltyType::*;
        assert_eq!(
            eligibility(Procedure::Ordinary, &[Fine], false, None),
            Ok(())
        );
        assert_eq!(
            eligibility(Procedure::Simple, &[Fine], false, None),
            Err(NotPublished::SimpleProcedure)
        );
        assert_eq!(
            eligibility(Procedure::Ordinary, &[Warning], false, None),
            Err(NotPublished::WarningOnly)
        );
        assert_eq!(
            eligibility(Procedure::Ordinary, &[Warning, Fine], false, None),
            Ok(())
        );
        assert_eq!(
            eligibility(Procedure::Ordinary, &[Fine], true, None),
            Err(NotPublished::Minor)
        );
        assert_eq!(
            eligibility(Procedure::Ordinary, &[Fine], false, Some("涉及商业秘密")),
            Err(NotPublished::Withheld("涉及商业秘密".into()))
        );
        assert_eq!(
            eligibility(Procedure::Ordinary, &[], false, Some("  ")),
            Ok(())
        );
    }

    #[test]
    fn scrubbing_hides_personal_data_and_keeps_amounts() {
        let text = "当事人张三丰，身份证号11010519491231002X，住址广州市天河区某路1号，电话13800138000，\
                    座机020-38886666，账号6222 0200 1234 5678 901，违法所得人民币1,380元，罚款5000000元，\
                    2026年1月9日检查发现23盒。";
        let out = scrub(text, &["张三丰"]);
        for secret in [
            "张三丰",
            "11010519491231002X",
            "某路1号",
            "13800138000",
            "38886666",
            "6222",
        ] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        for kept in ["张**", "1,380元", "5000000元", "2026年1月9日", "23盒"] {
            assert!(out.contains(kept), "{kept} missing from {out}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn filler() -> impl Strategy<Value = String> {
        "[一二三四五六七八九十的了和，。、]{0,12}"
    }

    proptest! {
        #[test]
        fn no_personal_data_survives(
            name in "[王李张刘陈杨][伟芳娜敏静丽强]{1,2}",
            id in "[1-6][0-9]{16}[0-9X]",
            phone in "1[3-9][0-9]{9}",
            account in "62[0-9]{14,17}",
            street in "[东西南北中]{2,4}路[0-9]{1,3}号",
            parts in proptest::collection::vec(filler(), 6),
        ) {
            let text = format!(
                "{}{name}{}身份证号{id}{}住址：{street}，{}电话{phone}{}账号{account}{}",
                parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
            );
            let out = scrub(&text, &[&name]);
            prop_assert!(!out.contains(&name), "{}", out);
            prop_assert!(!out.contains(&id), "{}", out);
            prop_assert!(!out.contains(&phone), "{}", out);
            prop_assert!(!out.contains(&account), "{}", out);
            prop_assert!(!out.contains(&street), "{}", out);
        }

        #[test]
        fn reasons_hide_every_person_and_address_they_name(
            party in "[王李张刘陈杨][伟芳娜敏静丽强]{1,2}",
            witness in "[赵钱孙周吴郑][明华军红梅兰]{1,2}",
            id in "[1-6][0-9]{16}[0-9X]",
            word in prop::sample::select(vec!["住址", "地址", "住所", "家住", "居住地", "家庭住址"]),
            colon in prop::sample::select(vec!["", "：", ":", "为", "在"]),
            street in "[东西南北中]{2,4}路[0-9]{1,3}号",
            parts in proptest::collection::vec(filler(), 5),
        ) {
            let text = format!(
                "{}经复核，当事人{party}{}（{id}）{word}{colon}{street}，{}证人{witness}{}证言不实{}",
                parts[0], parts[1], parts[2], parts[3], parts[4]
            );
            let out = scrub(&text, &[&party, &witness]);
            prop_assert!(!out.contains(&party), "{}", out);
            prop_assert!(!out.contains(&witness), "{}", out);
            prop_assert!(!out.contains(&id), "{}", out);
            prop_assert!(!out.contains(&street), "{}", out);
            prop_assert!(out.contains("经复核"), "{}", out);
        }

        #[test]
        fn working_days_land_on_working_days(day in 0i64..1100, n in 1u32..30) {
            let c = Calendar::official();
            let from = Date::from_ymd(2024, 1, 1).plus_days(day);
            let due = c.add_working_days(from, n);
            prop_assert!(c.is_working_day(due));
            let between = (1..=from.days_until(due)).filter(|k| c.is_working_day(from.plus_days(*k))).count();
            prop_assert_eq!(between, n as usize);
        }
    }
}
