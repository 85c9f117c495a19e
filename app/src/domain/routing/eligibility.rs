//! Who may receive a waiting conversation, and who of them gets it.

/// An operator who can receive conversations now (in a state that receives chats).
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ReadyOperator {
    pub id: i64,
    /// Language skills: `ru`, `uz` (both scripts), `kk`, `en`.
    pub languages: Vec<String>,
    pub groups: Vec<i64>,
    pub load: i64,
    pub capacity: i64,
}

/// A waiting conversation, as routing sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: i64,
    /// The widget's locale or the channel's language, e.g. `uz-Latn`.
    pub language: String,
    /// The group it goes to first; `None`: any group.
    pub group_id: Option<i64>,
    /// Waited past the overflow time: any group may take it.
    pub overflowed: bool,
    /// Operators who let it go unanswered before: chosen only if no one else can.
    pub timed_out: Vec<i64>,
}

/// `uz-Latn` and `uz-Cyrl` are both `uz`.
pub fn language_skill(language: &str) -> &str {
    language.split('-').next().unwrap_or(language)
}

/// Whether an operator may receive a conversation: speaks its language, belongs to
/// its group (or it has overflowed), and is under capacity.
pub fn eligible(operator: &ReadyOperator, conversation: &Candidate) -> bool {
    let speaks = operator
        .languages
        .iter()
        .any(|l| l == language_skill(&conversation.language));
    let in_group = match conversation.group_id {
        None => true,
        Some(g) => conversation.overflowed || operator.groups.contains(&g),
    };
    speaks && in_group && operator.load < operator.capacity
}

/// The operator who gets the conversation: among the eligible, one who did not let it
/// time out before, then the least loaded; ties go to the earlier in `operators` (the
/// one longest in a receiving state).
pub fn choose(operators: &[ReadyOperator], conversation: &Candidate) -> Option<usize> {
    operators
        .iter()
        .enumerate()
        .filter(|(_, o)| eligible(o, conversation))
        .min_by_key(|(i, o)| (conversation.timed_out.contains(&o.id), o.load, *i))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: i64, languages: &[&str], groups: &[i64], load: i64, capacity: i64) -> ReadyOperator {
        ReadyOperator {
            id,
            languages: languages.iter().map(|l| (*l).to_owned()).collect(),
            groups: groups.to_vec(),
            load,
            capacity,
        }
    }

    fn conv(language: &str, group_id: Option<i64>) -> Candidate {
        Candidate {
            id: 1,
            language: language.to_owned(),
            group_id,
            overflowed: false,
            timed_out: vec![],
        }
    }

    #[test]
    fn a_russian_only_operator_never_gets_uzbek_in_either_script() {
        let ru = op(1, &["ru"], &[], 0, 3);
        assert!(eligible(&ru, &conv("ru", None)));
        assert!(!eligible(&ru, &conv("uz-Latn", None)));
        assert!(!eligible(&ru, &conv("uz-Cyrl", None)));
        let uz = op(2, &["uz"], &[], 0, 3);
        assert!(eligible(&uz, &conv("uz-Cyrl", None)));
        assert!(eligible(&uz, &conv("uz-Latn", None)));
    }

    #[test]
    fn capacity_is_a_ceiling() {
        assert!(eligible(&op(1, &["ru"], &[], 2, 3), &conv("ru", None)));
        assert!(!eligible(&op(1, &["ru"], &[], 3, 3), &conv("ru", None)));
        assert!(!eligible(&op(1, &["ru"], &[], 0, 0), &conv("ru", None)));
    }

    #[test]
    fn a_group_conversation_goes_to_its_group_until_it_overflows() {
        let outsider = op(1, &["ru"], &[7], 0, 3);
        let member = op(2, &["ru"], &[5, 9], 0, 3);
        let mut c = conv("ru", Some(9));
        assert!(!eligible(&outsider, &c));
        assert!(eligible(&member, &c));
        c.overflowed = true;
        assert!(eligible(&outsider, &c));
    }

    #[test]
    fn the_least_loaded_eligible_operator_is_chosen() {
        let ops = [
            op(1, &["ru"], &[], 2, 3),
            op(2, &["kk"], &[], 0, 3),
            op(3, &["ru"], &[], 1, 3),
        ];
        assert_eq!(choose(&ops, &conv("ru", None)), Some(2));
        assert_eq!(choose(&ops, &conv("en", None)), None);
    }

    #[test]
    fn ties_go_to_the_first_and_timed_out_operators_come_last() {
        let ops = [
            op(1, &["ru"], &[], 0, 3),
            op(2, &["ru"], &[], 0, 3),
            op(3, &["ru"], &[], 2, 3),
        ];
        let mut c = conv("ru", None);
        assert_eq!(choose(&ops, &c), Some(0));
        c.timed_out = vec![1, 2];
        assert_eq!(
            choose(&ops, &c),
            Some(2),
            "a busier operator beats one who let it go"
        );
        c.timed_out = vec![1, 2, 3];
        assert_eq!(choose(&ops, &c), Some(0), "still served when everyone let it go");
    }
}
