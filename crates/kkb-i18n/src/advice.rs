//! The words of the Kampung KB classification: indicator and index names, and what reaches the next class
//! ([`kkb_domain::classification::Need`]) as plain sentences, from the catalogue (`registry.ftl`).

use crate::{Arg, Lang};
use kkb_domain::classification::{IndexId, Measure, Need, Range, Step, Unit, Value, Wanted};

fn yes_no(b: bool) -> Arg {
    Arg::Text(if b { "yes" } else { "no" }.into())
}

impl Lang {
    /// The name of a classification indicator (`input_pokja` → "Pokja (kelompok kerja) Kampung KB"); a rule's
    /// indicator without a name in the catalogue shows its id.
    pub fn kampung_indicator(self, id: &str) -> String {
        let key = format!("kampung-indicator-{id}");
        if self.has(&key) { self.t(&key).to_string() } else { id.to_string() }
    }

    /// The name of an index (`input`, `proses`, `output`).
    pub fn kampung_index(self, index: IndexId) -> &'static str {
        self.t(&format!("kampung-index-{}", index.as_str()))
    }

    /// An index value as written (`2,67`, `3,0` in Indonesian), from hundredths.
    fn index_value(self, h: u64) -> String {
        self.num(h as f64 / 100.0, if h.is_multiple_of(10) { 1 } else { 2 })
    }

    /// What makes one index high, as a sentence in the language, indicators named.
    pub fn kampung_need(self, need: &Need) -> String {
        let steps: Vec<String> = need.steps.iter().map(|s| self.kampung_step(s)).collect();
        self.tr(
            "kampung-need",
            &[
                ("index", Arg::Text(self.kampung_index(need.index).into())),
                ("now", Arg::Text(self.index_value(need.now))),
                ("after", Arg::Text(self.index_value(need.after))),
                ("steps", Arg::Text(steps.join(self.t("kampung-need-and")))),
            ],
        )
    }

    fn kampung_step(self, s: &Step) -> String {
        self.tr(
            "kampung-need-step",
            &[
                ("indicator", Arg::Text(self.kampung_indicator(&s.indicator))),
                ("from", Arg::Int(i64::from(s.from))),
                ("to", Arg::Int(i64::from(s.to))),
                ("now", Arg::Text(self.kampung_value(s.measure, s.now))),
                ("needed", Arg::Text(self.kampung_wanted(s.measure, &s.needed))),
            ],
        )
    }

    fn kampung_value(self, m: Measure, v: Value) -> String {
        match v {
            Value::NoReport => self.t("kampung-value-no-report").into(),
            Value::NoPokja => self.kampung_level(m, 0),
            Value::Pokja { members, trained } => self.tr(
                "kampung-value-pokja",
                &[("members", Arg::Int(i64::try_from(members).unwrap_or(i64::MAX))), ("trained", yes_no(trained))],
            ),
            Value::Officer { pkb, regulation } => {
                self.tr("kampung-value-officer", &[("pkb", yes_no(pkb)), ("regulation", yes_no(regulation))])
            }
            Value::Count(n) => self.amount(n, false),
            Value::Percent(n) => self.amount(n, true),
        }
    }

    /// A count or a percentage (`1.250`, `37%`).
    fn amount(self, n: u64, percent: bool) -> String {
        let s = self.num(n as f64, 0);
        if percent { format!("{s}%") } else { s }
    }

    fn kampung_level(self, m: Measure, level: u64) -> String {
        let kind = if m == Measure::Pokja { "pokja" } else { "officer" };
        self.t(&format!("kampung-level-{kind}-{level}")).to_string()
    }

    fn kampung_wanted(self, m: Measure, w: &Wanted) -> String {
        let pct = w.unit == Unit::Percent;
        let n = |key: &str, v: u64| self.tr(key, &[("n", Arg::Text(self.amount(v, pct)))]);
        let range = match w.range {
            Range::Levels(a, b) => {
                (a..=b).map(|l| self.kampung_level(m, l)).collect::<Vec<_>>().join(self.t("kampung-level-or"))
            }
            Range::Exactly(v) => self.amount(v, pct),
            Range::AtMost(v) if pct => n("kampung-range-below", v + 1),
            Range::AtMost(v) => n("kampung-range-at-most", v),
            Range::Between(a, b) => self.tr(
                "kampung-range-between",
                &[("lo", Arg::Text(self.amount(a, pct))), ("hi", Arg::Text(self.amount(b, pct)))],
            ),
            Range::AtLeast(v) if pct && v > 0 => n("kampung-range-above", v - 1),
            Range::AtLeast(v) => n("kampung-range-at-least", v),
            Range::Any => self.t("kampung-range-any").into(),
        };
        if w.report_missing { self.tr("kampung-need-report", &[("needed", Arg::Text(range))]) } else { range }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kkb_domain::classification::{ClassificationRules, Inputs, classify};

    const EXAMPLE: &str = include_str!("../../../examples/kampung.json");

    #[test]
    fn the_next_class_reads_as_sentences_naming_indicators() {
        let c = classify(ClassificationRules::current(), &Inputs::from_json(EXAMPLE).unwrap());
        let next = c.next.expect("the example is not berkelanjutan");
        let id: Vec<String> = next.needs.iter().map(|n| Lang::Id.kampung_need(n)).collect();
        let en: Vec<String> = next.needs.iter().map(|n| Lang::En.kampung_need(n)).collect();
        for (s, n) in id.iter().zip(&next.needs) {
            assert!(s.starts_with(&format!("Untuk menaikkan indeks {}", n.index.as_str())), "{s}");
            for step in &n.steps {
                assert!(!s.contains(&step.indicator), "an id in {s}");
                assert!(s.contains(&Lang::Id.kampung_indicator(&step.indicator)), "{s}");
            }
        }
        assert!(en.iter().all(|s| s.starts_with("To raise the")), "{en:?}");
    }

    #[test]
    fn values_and_bands_in_words() {
        let step = |measure, now, unit, report_missing, range| Step {
            indicator: "output_cpr".into(),
            measure,
            from: 2,
            to: 4,
            now,
            needed: Wanted { unit, report_missing, range },
        };
        let need = |s: Step| Need { index: IndexId::Output, now: 250, after: 300, steps: vec![s] };
        let cpr = need(step(Measure::Cpr, Value::Percent(37), Unit::Percent, false, Range::AtLeast(51)));
        assert_eq!(
            Lang::Id.kampung_need(&cpr),
            "Untuk menaikkan indeks output dari 2,5 menjadi 3,0 (tinggi), misalnya: Kesertaan ber-KB (CPR) naik dari \
             skor 2 ke skor 4 (sekarang 37%; perlu di atas 50%)."
        );
        assert_eq!(
            Lang::En.kampung_need(&cpr),
            "To raise the output index from 2.5 to 3.0 (high), for example: Contraceptive use (CPR) from score 2 to \
             score 4 (now 37%; needed above 50%)."
        );
        let none = need(step(Measure::Cpr, Value::NoReport, Unit::Percent, true, Range::Between(23, 24)));
        assert!(
            Lang::Id
                .kampung_need(&none)
                .contains("(sekarang belum ada laporan bulanan; perlu laporan bulanan dengan nilai 23% sampai 24%)")
        );
        let pokja = Value::Pokja { members: 0, trained: false };
        let p = need(step(Measure::Pokja, pokja, Unit::Level, false, Range::Levels(2, 3)));
        assert!(
            Lang::Id.kampung_need(&p).contains(
                "sekarang Pokja tanpa anggota, belum dilatih; perlu Pokja dengan anggota atau sudah dilatih atau Pokja \
                 dengan anggota dan sudah dilatih"
            ),
            "{}",
            Lang::Id.kampung_need(&p)
        );
        let pokja = Value::Pokja { members: 1, trained: true };
        assert_eq!(Lang::En.kampung_value(Measure::Pokja, pokja), "a Pokja with one member, trained");
        let officer = Value::Officer { pkb: true, regulation: false };
        assert_eq!(
            Lang::Id.kampung_value(Measure::PkbRegulation, officer),
            "ada petugas PKB/PLKB dan belum ada regulasi"
        );
        let count = Wanted { unit: Unit::Count, report_missing: false, range: Range::AtLeast(7) };
        assert_eq!(Lang::Id.kampung_wanted(Measure::CrossSectorAgencies, &count), "7 atau lebih");
        assert_eq!(Lang::En.kampung_indicator("input_pokja"), "Kampung KB working group (Pokja)");
        assert_eq!(Lang::Id.kampung_indicator("baru_x"), "baru_x");
    }
}
