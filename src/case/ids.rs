//! Norwegian identification numbers: fødselsnummer / D-nummer (national ID),
//! DUF-nummer (UDI's case number for a foreign national) and
//! organisasjonsnummer (Brønnøysund register).
//!
//! All checks are pure functions on strings; no number is ever logged.

/// The check-digit rule a national ID number satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRule {
    /// The rule for numbers issued before 2032 (K1 remainder must be 0).
    Classic,
    /// The rule for numbers issued from 1 January 2032 (K1 remainder 0–3).
    From2032,
}

/// What kind of national ID number a valid 11-digit number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NationalIdKind {
    /// An ordinary fødselsnummer.
    Fodselsnummer,
    /// A D-nummer: the first digit is increased by 4 (day 41–71).
    DNummer,
    /// An H-nummer: the month is increased by 40 (health sector help number).
    HNummer,
    /// A synthetic test number (Skatteetaten's Tenor/Test-Norge: month + 80).
    Synthetic,
}

/// Why a national ID number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    /// The number is not exactly 11 ASCII digits.
    #[error("must be exactly 11 digits")]
    Format,
    /// Neither the classic nor the 2032 check-digit rule holds.
    #[error("the control digits are wrong (checked with both the classic and the 2032 rule)")]
    Checksum,
    /// The date part is not a real date.
    #[error("the date part is not a valid date")]
    Date,
}

/// A validated national ID number, with what could be read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalId {
    /// Which kind of number it is.
    pub kind: NationalIdKind,
    /// Which check-digit rule it satisfied (classic preferred when both hold).
    pub rule: IdRule,
    /// Day of month encoded in the number (after removing the D-nummer offset).
    pub day: u32,
    /// Month encoded in the number (after removing H-nummer/synthetic offsets).
    pub month: u32,
    /// Two-digit year.
    pub year2: u32,
}

const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

fn digits<const N: usize>(s: &str) -> Option<[u32; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u32; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = u32::from(b - b'0');
    }
    Some(out)
}

fn weighted(ws: &[u32], ds: &[u32]) -> u32 {
    ws.iter().zip(ds).map(|(w, d)| w * d).sum::<u32>() % 11
}

/// Checks the two control digits of an 11-digit national ID number under `rule`.
///
/// K2 is the same under both rules; from 2032 K1 may leave a remainder 0–3.
pub fn check_digits_ok(d: &[u32; 11], rule: IdRule) -> bool {
    let r1 = (weighted(&W1, &d[..9]) + d[9]) % 11;
    let k1_ok = match rule {
        IdRule::Classic => r1 == 0,
        IdRule::From2032 => r1 <= 3,
    };
    let k2 = match 11 - weighted(&W2, &d[..10]) {
        11 => 0,
        10 => return false,
        k => k,
    };
    // K1 = 10 is never valid: a remainder of 0 with d[9] = 10 is impossible
    // for a single digit, so only K2 needs the explicit 10 check.
    k1_ok && k2 == d[10]
}

/// A synthetic test number (month + 80, as in Norway's synthetic national
/// population register) for a birth date, with the `seq`-th individual
/// number that yields valid control digits under the classic rule. For
/// fictional people in samples, tests and benchmarks only.
pub fn synthetic_national_id(birth: chrono::NaiveDate, seq: u32) -> String {
    use chrono::Datelike as _;
    let date = format!(
        "{:02}{:02}{:02}",
        birth.day(),
        birth.month() + 80,
        birth.year() % 100
    );
    let mut found = 0;
    for n in 0..1000u32 {
        let individual = (seq.wrapping_mul(37).wrapping_add(n)) % 500;
        let first9 = format!("{date}{individual:03}");
        let mut d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
        let k1 = match 11 - weighted(&W1, &d) {
            11 => 0,
            10 => continue,
            k => k,
        };
        d.push(k1);
        let k2 = match 11 - weighted(&W2, &d) {
            11 => 0,
            10 => continue,
            k => k,
        };
        if found == seq % 3 {
            return format!("{first9}{k1}{k2}");
        }
        found += 1;
    }
    // Unreachable in practice: most individual numbers give valid digits.
    format!("{date}00000")
}

/// A DUF number that passes its check digits: `year` and a 6-digit serial.
/// For fictional people only.
pub fn synthetic_duf(year: u32, serial: u32) -> String {
    let first10 = format!("{:04}{:06}", year % 10_000, serial % 1_000_000);
    let d: Vec<u32> = first10.bytes().map(|b| u32::from(b - b'0')).collect();
    format!("{first10}{:02}", weighted(&DUF_W, &d))
}

/// Validates a fødselsnummer, D-nummer, H-nummer or synthetic test number.
///
/// Accepts numbers valid under either check-digit rule, as systems must from
/// 2032 on. The date part must be a real calendar date once the D/H/synthetic
/// offsets are removed (the century is not checked: it cannot be read from
/// numbers issued after 2032).
pub fn validate_national_id(s: &str) -> Result<NationalId, NationalIdError> {
    let d = digits::<11>(s).ok_or(NationalIdError::Format)?;
    let rule = if check_digits_ok(&d, IdRule::Classic) {
        IdRule::Classic
    } else if check_digits_ok(&d, IdRule::From2032) {
        IdRule::From2032
    } else {
        return Err(NationalIdError::Checksum);
    };
    let mut day = d[0] * 10 + d[1];
    let mut month = d[2] * 10 + d[3];
    let year2 = d[4] * 10 + d[5];
    let mut kind = NationalIdKind::Fodselsnummer;
    if day > 40 {
        day -= 40;
        kind = NationalIdKind::DNummer;
    }
    if month > 80 {
        month -= 80;
        kind = NationalIdKind::Synthetic;
    } else if month > 40 {
        month -= 40;
        kind = NationalIdKind::HNummer;
    }
    // Any year works for the range check; 2000 is a leap year so 29 Feb passes.
    let leap_ok = chrono::NaiveDate::from_ymd_opt(2000, month, day).is_some();
    if !leap_ok {
        return Err(NationalIdError::Date);
    }
    Ok(NationalId {
        kind,
        rule,
        day,
        month,
        year2,
    })
}

/// Masks a national ID number for display in messages: `150609 *****`.
pub fn mask_national_id(s: &str) -> String {
    let prefix: String = s.chars().take(6).collect();
    format!("{prefix} *****")
}

/// Why a DUF number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DufError {
    /// Not exactly 12 ASCII digits.
    #[error("must be exactly 12 digits (year, serial number and two control digits)")]
    Format,
    /// The two control digits do not match.
    #[error("the control digits are wrong")]
    Checksum,
}

const DUF_W: [u32; 10] = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5];

/// Validates a DUF number: 12 digits, `YYYY` + 6-digit serial + 2 control
/// digits `(Σ dᵢ·wᵢ) mod 11` with weights 4,6,3,2,4,6,3,2,7,5 (domain.md §7.2).
pub fn validate_duf(s: &str) -> Result<(), DufError> {
    let d = digits::<12>(s).ok_or(DufError::Format)?;
    let check = weighted(&DUF_W, &d[..10]);
    if d[10] * 10 + d[11] == check {
        Ok(())
    } else {
        Err(DufError::Checksum)
    }
}

/// Why an organisation number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrgNrError {
    /// Not exactly 9 ASCII digits (spaces between groups are allowed).
    #[error("must be 9 digits")]
    Format,
    /// The mod-11 control digit does not match.
    #[error("the control digit is wrong (mod 11)")]
    Checksum,
}

const ORG_W: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// Validates an organisasjonsnummer (9 digits, mod-11 control digit; spaces
/// between the digit groups are ignored) and returns the bare digits.
pub fn validate_org_nr(s: &str) -> Result<String, OrgNrError> {
    let bare: String = s.chars().filter(|c| *c != ' ').collect();
    let d = digits::<9>(&bare).ok_or(OrgNrError::Format)?;
    let check = match 11 - weighted(&ORG_W, &d[..8]) {
        11 => 0,
        10 => return Err(OrgNrError::Checksum),
        k => k,
    };
    if check == d[8] {
        Ok(bare)
    } else {
        Err(OrgNrError::Checksum)
    }
}

/// Formats an organisation number in groups of three: `123 456 785`.
pub fn format_org_nr(bare: &str) -> String {
    let chars: Vec<char> = bare.chars().collect();
    chars
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skatteetaten_vectors_valid_under_both_rules() {
        for n in ["02013299997", "30108299920"] {
            let d = digits::<11>(n).unwrap();
            assert!(check_digits_ok(&d, IdRule::Classic), "{n} classic");
            assert!(check_digits_ok(&d, IdRule::From2032), "{n} 2032");
            assert!(validate_national_id(n).is_ok());
        }
    }

    #[test]
    fn skatteetaten_vector_valid_only_under_2032_rule() {
        let d = digits::<11>("30108299939").unwrap();
        assert!(!check_digits_ok(&d, IdRule::Classic));
        assert!(check_digits_ok(&d, IdRule::From2032));
        assert_eq!(
            validate_national_id("30108299939").unwrap().rule,
            IdRule::From2032
        );
    }

    #[test]
    fn generated_duf_numbers_are_valid() {
        for serial in [0, 1, 773_108, 999_999] {
            assert_eq!(validate_duf(&synthetic_duf(2025, serial)), Ok(()));
        }
    }

    #[test]
    fn generated_synthetic_numbers_are_valid() {
        for seq in 0..200 {
            let birth = chrono::NaiveDate::from_ymd_opt(
                2008 + (seq % 4) as i32,
                1 + seq % 12,
                1 + seq % 28,
            )
            .unwrap();
            let n = synthetic_national_id(birth, seq);
            let id = validate_national_id(&n).unwrap_or_else(|e| panic!("{n}: {e:?}"));
            assert_eq!(id.kind, NationalIdKind::Synthetic, "{n}");
        }
    }

    #[test]
    fn synthetic_fixture_number_is_valid() {
        let id = validate_national_id("15860998987").unwrap();
        assert_eq!(id.kind, NationalIdKind::Synthetic);
        assert_eq!((id.day, id.month, id.year2), (15, 6, 9));
    }

    #[test]
    fn wrong_control_digits_rejected() {
        assert_eq!(
            validate_national_id("15860998988"),
            Err(NationalIdError::Checksum)
        );
        assert_eq!(
            validate_national_id("02013299998"),
            Err(NationalIdError::Checksum)
        );
    }

    #[test]
    fn format_errors() {
        assert_eq!(
            validate_national_id("1586099898"),
            Err(NationalIdError::Format)
        );
        assert_eq!(
            validate_national_id("1586099898x"),
            Err(NationalIdError::Format)
        );
        assert_eq!(
            validate_national_id("158609 98987"),
            Err(NationalIdError::Format)
        );
    }

    #[test]
    fn d_nummer_recognised() {
        // 15.06.09 as a D-nummer with synthetic month: first digit + 4.
        let n = d_number_from("55860998");
        let id = validate_national_id(&n).unwrap();
        assert_eq!(id.kind, NationalIdKind::Synthetic);
        assert_eq!(id.day, 15);
        let n = d_number_from("55060998");
        assert_eq!(
            validate_national_id(&n).unwrap().kind,
            NationalIdKind::DNummer
        );
    }

    /// Completes 8 leading digits (+ an individual digit search) to a valid number.
    fn d_number_from(first8: &str) -> String {
        for i in 0..10 {
            let base = format!("{first8}{i}");
            let d: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
            let k1 = match 11 - weighted(&W1, &d) {
                11 => 0,
                10 => continue,
                k => k,
            };
            let mut d10 = d.clone();
            d10.push(k1);
            let k2 = match 11 - weighted(&W2, &d10) {
                11 => 0,
                10 => continue,
                k => k,
            };
            return format!("{base}{k1}{k2}");
        }
        panic!("no valid completion");
    }

    #[test]
    fn impossible_date_part_rejected() {
        // 31.02 with valid control digits.
        let n = d_number_from("31820999");
        assert_eq!(validate_national_id(&n), Err(NationalIdError::Date));
    }

    #[test]
    fn duf_examples() {
        assert!(validate_duf("202412345610").is_ok());
        assert!(validate_duf("202400471105").is_ok());
        assert_eq!(validate_duf("202412345611"), Err(DufError::Checksum));
        assert_eq!(validate_duf("20241234561"), Err(DufError::Format));
        assert_eq!(validate_duf("2024123456100"), Err(DufError::Format));
    }

    #[test]
    fn org_nr_examples() {
        assert_eq!(validate_org_nr("123456785").unwrap(), "123456785");
        assert!(validate_org_nr("701730496").is_ok());
        assert!(validate_org_nr("310 001 236").is_ok());
        assert_eq!(validate_org_nr("123456786"), Err(OrgNrError::Checksum));
        assert_eq!(validate_org_nr("12345678"), Err(OrgNrError::Format));
        assert_eq!(format_org_nr("123456785"), "123 456 785");
    }

    #[test]
    fn masking_hides_the_personal_number() {
        assert_eq!(mask_national_id("15860998987"), "158609 *****");
    }
}

/// Checks a Norwegian bank account number (kontonummer): 11 digits, with or
/// without the usual dots or spaces (`1234.56.70007`), and a MOD11 control
/// digit. Returns the bare digits.
pub fn validate_account_number(s: &str) -> Result<String, &'static str> {
    let bare: String = s.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if bare.len() != 11 || !bare.chars().all(|c| c.is_ascii_digit()) {
        return Err("an account number is 11 digits");
    }
    let d: Vec<u32> = bare.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = d[..10]
        .iter()
        .zip([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        .map(|(a, w)| a * w)
        .sum();
    let k = match 11 - sum % 11 {
        11 => 0,
        10 => return Err("no account number has these ten first digits"),
        k => k,
    };
    if k == d[10] {
        Ok(bare)
    } else {
        Err("the control digit does not match")
    }
}

/// An account number as printed: `1234 56 70007`.
pub fn format_account_number(bare: &str) -> String {
    if bare.len() == 11 {
        format!("{} {} {}", &bare[..4], &bare[4..6], &bare[6..])
    } else {
        bare.to_owned()
    }
}

#[cfg(test)]
mod account_tests {
    use super::*;

    #[test]
    fn account_numbers() {
        assert_eq!(
            validate_account_number("1234.56.70007").unwrap(),
            "12345670007"
        );
        assert_eq!(
            validate_account_number("9876 54 30003").unwrap(),
            "98765430003"
        );
        assert!(validate_account_number("12345670008").is_err());
        assert!(validate_account_number("1234567000").is_err());
        assert_eq!(format_account_number("12345670007"), "1234 56 70007");
    }
}
