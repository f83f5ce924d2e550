//! The Kampung KB registry's forms through the router: forming a Kampung, its profile, reports, activities,
//! population and documents; validation that names the field and keeps what was typed; who may edit and verify;
//! the class and coverage that follow each change. On SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, logged_in};
use kkb_domain::classification::Class;
use kkb_domain::kampung::YearMonth;
use kkb_domain::region::{Level, RegionCode};

const N: u64 = 1500;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

async fn form(c: &mut Client, t: &TestApp, uri: &str, fields: &[(&str, &str)]) -> common::Resp {
    let csrf = c.csrf(t).await;
    let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    all.extend_from_slice(fields);
    c.post_form(t, uri, &all).await
}

const RECORD: [(&str, &str); 9] = [
    ("name", "Kampung KB Uji"),
    ("launch_date", "2026-01-15"),
    ("decree.number", "12/SK/2026"),
    ("decree.date", "2026-01-10"),
    ("decree.regulation_type", "sk_kepala_desa"),
    ("rws", "RW 01; RW 02"),
    ("criteria.utama", "keluarga_miskin_tinggi"),
    ("criteria.wilayah", "pesisir_nelayan"),
    ("active", "1"),
];

/// A complete profile: input index 3.6 (high), proses high only with enough cross-sector agencies.
const PROFILE: [(&str, &str); 25] = [
    ("valid_from", "2026-02-01"),
    ("pkb_assigned", "1"),
    ("regulation", "1"),
    ("rkm", "1"),
    ("pokja.exists", "1"),
    ("pokja.decree", "1"),
    ("pokja.members", "12"),
    ("pokja.trained", "1"),
    ("pokja_sections", "agama"),
    ("funding_sources", "apbn"),
    ("funding_sources", "apbd"),
    ("funding_sources", "dana_desa"),
    ("funding_sources", "swadaya"),
    ("funding_sources", "csr"),
    ("programs", "bkb"),
    ("programs", "bkr"),
    ("programs", "bkl"),
    ("programs", "uppka"),
    ("programs", "pik_r"),
    ("facilities", "sekretariat"),
    ("facilities", "rumah_dataku"),
    ("data_sources", "pk"),
    ("data_sources", "data_rutin"),
    ("data_sources", "potensi_desa"),
    ("data_sources", "data_sektoral"),
];

const POPULATION: [(&str, &str); 7] = [
    ("valid_from", "2026-03-01"),
    ("families", "100"),
    ("pus", "60"),
    ("families_with_balita", "30"),
    ("families_with_remaja", "40"),
    ("families_with_lansia", "20"),
    ("remaja", "50"),
];

/// A report with every output indicator at its best against [`POPULATION`].
fn good_report(month: &str) -> Vec<(&str, &str)> {
    vec![
        ("month", month),
        ("pus", "60"),
        ("contraceptive_users.iud", "40"),
        ("contraceptive_users.pil", "17"),
        ("pus_not_using.hamil", "3"),
        ("participants.bkb", "30"),
        ("participants.bkr", "40"),
        ("participants.bkl", "20"),
        ("participants.uppka", "40"),
        ("participants.pik_r", "30"),
    ]
}

fn class_of(t: &TestApp, v: RegionCode) -> Class {
    t.app.store.kampung_status(v).unwrap().unwrap().classification.class
}

async fn a_kampung_is_formed_filled_and_classed(t: &TestApp) {
    let v = t.village;
    let district = v.ancestor_at(Level::District).unwrap();
    let before = t.app.store.coverage(district, None).unwrap();
    let mut kader = logged_in(t, "kader").await;

    // The village page offers nothing yet; the form is there.
    let r = kader.get(t, &format!("/kampung/baru?desa={v}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("name=\"launch_date\""));
    let r = form(&mut kader, t, &format!("/kampung/baru?desa={v}"), &RECORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/kampung/{v}?ok=kampung.create"));
    let after = t.app.store.coverage(district, None).unwrap();
    assert_eq!(after.formed, before.formed + 1);
    assert_eq!(t.app.store.class_counts(district).unwrap().of(Class::Dasar), 1);
    let page = kader.get(t, &format!("/kampung/{v}?ok=kampung.create")).await;
    assert!(page.body.contains("Kampung KB Uji") && page.body.contains("Kampung KB dibentuk"), "{}", page.body);
    assert!(page.body.contains("RW 01, RW 02") && page.body.contains("Pesisir/nelayan"));

    // Forming it twice is refused at the field, nothing changes.
    let r = form(&mut kader, t, &format!("/kampung/baru?desa={v}"), &RECORD).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Desa ini sudah punya Kampung KB"), "{}", r.body);

    // The population entry, then the profile: the input index is high, the class still Dasar.
    let r = form(&mut kader, t, &format!("/kampung/{v}/penduduk"), &POPULATION).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = kader.get(t, &format!("/kampung/{v}")).await;
    assert!(page.body.contains("entri manual sejak 1 Maret 2026"), "population source shown");
    let r = form(&mut kader, t, &format!("/kampung/{v}/profil"), &PROFILE).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(class_of(t, v), Class::Dasar);

    // A good report: input and output high → Mandiri.
    let r = form(&mut kader, t, &format!("/kampung/{v}/laporan"), &good_report("2026-10")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(class_of(t, v), Class::Mandiri);

    // Activities with seven other agencies: all three high → Berkelanjutan.
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/kegiatan"),
        &[
            ("date", "2026-10-15"),
            ("place", "Balai desa"),
            ("description", "Pelayanan KB keliling dan penyuluhan"),
            ("function", "reproduksi"),
            ("inpres_area", "3"),
            ("targets", "pus"),
            ("agencies", "dinkes"),
            ("agencies", "puskesmas"),
            ("agencies", "disdukcapil"),
            ("agencies", "dinsos"),
            ("agencies", "disdik"),
            ("agencies", "kemenag"),
            ("agencies_other", "Karang Taruna; bkkbn"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(class_of(t, v), Class::Berkelanjutan);
    let counts = t.app.store.class_counts(code("17")).unwrap();
    assert_eq!(counts.of(Class::Berkelanjutan), 1);
    assert_eq!(counts.total(), 1);
    let history: Vec<String> = t.app.store.class_history(v).unwrap().into_iter().map(|h| h.class).collect();
    assert_eq!(history, ["dasar", "mandiri", "berkelanjutan"]);
    let page = kader.get(t, &format!("/kampung/{v}")).await;
    assert!(page.body.contains("id=\"kampung-class\">Berkelanjutan<"), "{}", page.body);
    assert!(page.body.contains("Karang Taruna"));

    // An older profile stays as history and is shown for its month.
    let mut older: Vec<(&str, &str)> = vec![("valid_from", "2026-01-20"), ("pokja.exists", "1")];
    older.push(("programs", "bkb"));
    let r = form(&mut kader, t, &format!("/kampung/{v}/profil"), &older).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(class_of(t, v), Class::Berkelanjutan, "the active profile is still the latest");
    let page = kader.get(t, &format!("/kampung/{v}?profil=2026-01")).await;
    assert!(page.body.contains("31 Januari 2026"), "profile of January shown");
    assert!(page.body.contains("BKB (Bina Keluarga Balita)") && !page.body.contains("BKR (Bina Keluarga Remaja)"));
    let page = kader.get(t, &format!("/kampung/{v}?profil=2026-05")).await;
    assert!(page.body.contains("BKR (Bina Keluarga Remaja)"));
}

async fn bad_input_names_the_field_keeps_it_and_saves_nothing(t: &TestApp) {
    let v = t.village;
    let mut kader = logged_in(t, "kader").await;
    let r = form(&mut kader, t, &format!("/kampung/baru?desa={v}"), &RECORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let uri = format!("/kampung/{v}/laporan");

    // More users than PUS.
    let r = form(&mut kader, t, &uri, &[("month", "2026-09"), ("pus", "10"), ("contraceptive_users.pil", "11")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Peserta KB semua metode tidak boleh lebih dari PUS: tertulis 11 peserta KB dan 10 PUS."),
        "{}",
        r.body
    );
    assert!(r.body.contains("name=\"contraceptive_users.pil\" value=\"11\""), "typed value kept");
    // The same refusal in English with the language switch.
    kader.cookies.insert("lang".into(), "en".into());
    let r = form(&mut kader, t, &uri, &[("month", "2026-09"), ("pus", "10"), ("contraceptive_users.pil", "11")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(
            "The contraceptive users of all methods cannot be more than the PUS: 11 users and 10 PUS written."
        ),
        "{}",
        r.body
    );
    assert!(!r.body.contains("tidak boleh lebih dari"), "no Indonesian reason on the English page");
    kader.cookies.remove("lang");
    // A negative count and a word where a number goes: each at its field, as typed.
    let r = form(&mut kader, t, &uri, &[("month", "2026-09"), ("pus", "-3"), ("participants.bkb", "banyak")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("BKB: Bukan bilangan bulat."), "{}", r.body);
    assert!(r.body.contains("PUS: Tidak boleh kurang dari 0"), "{}", r.body);
    assert!(r.body.contains("name=\"pus\" value=\"-3\""));
    // A month in the future.
    let r = form(&mut kader, t, &uri, &[("month", "2099-01"), ("pus", "10")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Bulan Januari 2099 belum tiba: tidak boleh setelah bulan ini."), "{}", r.body);
    assert!(t.app.store.latest_report(v).unwrap().is_none(), "nothing saved");

    // A month already reported is not overwritten silently; the correction form replaces it.
    let ok = [("month", "2026-09"), ("pus", "10"), ("contraceptive_users.pil", "4")];
    assert_eq!(form(&mut kader, t, &uri, &ok).await.status, StatusCode::SEE_OTHER);
    let r = form(&mut kader, t, &uri, &ok).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Laporan bulan September 2026 sudah ada"), "{}", r.body);
    let edit = kader.get(t, &format!("{uri}?bulan=2026-09")).await;
    assert!(edit.body.contains("name=\"replace\" value=\"1\"") && edit.body.contains("value=\"4\""));
    let r = form(
        &mut kader,
        t,
        &uri,
        &[("month", "2026-09"), ("pus", "10"), ("contraceptive_users.pil", "5"), ("replace", "1")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let m = YearMonth::new(2026, 9).unwrap();
    assert_eq!(t.app.store.report(v, m).unwrap().unwrap().contraceptive_users.pil, 5);

    // A second profile on the same date is refused at valid_from.
    let p = [("valid_from", "2026-02-01"), ("pokja.exists", "1")];
    assert_eq!(form(&mut kader, t, &format!("/kampung/{v}/profil"), &p).await.status, StatusCode::SEE_OTHER);
    let r = form(&mut kader, t, &format!("/kampung/{v}/profil"), &p).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("sudah punya profil yang berlaku sejak 1 Februari 2026"), "{}", r.body);
    // A Pokja that does not exist has no members.
    let r =
        form(&mut kader, t, &format!("/kampung/{v}/profil"), &[("valid_from", "2026-03-01"), ("pokja.members", "5")])
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Pokja belum dibentuk"), "{}", r.body);
    assert_eq!(t.app.store.profile_history(v).unwrap().len(), 1);

    // Record: a bad date, half a location, a decree without number.
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/ubah"),
        &[
            ("name", "X"),
            ("launch_date", "2026-13-01"),
            ("location.lat", "-3,8"),
            ("decree.date", "2026-01-01"),
            ("decree.regulation_type", "perdes"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["Bukan tanggal yang sah.", "Lintang diisi tanpa bujur", "Wajib diisi."] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    assert_eq!(t.app.store.kampung(v).unwrap().unwrap().name, "Kampung KB Uji");

    // Population: more PUS than families.
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/penduduk"),
        &[("valid_from", "2026-03-01"), ("families", "5"), ("pus", "9")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("9 lebih banyak daripada jumlah keluarga (5)."), "{}", r.body);
    assert!(t.app.store.population_entries(v).unwrap().is_empty());
}

/// The part of a page from the input, select or check boxes named `name` to the end of its field, where its
/// problem is shown.
fn field<'a>(body: &'a str, name: &str) -> &'a str {
    let start = body.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no field {name}: {body}"));
    let rest = &body[start..];
    // A group of check boxes ends with its fieldset, every other field with its label.
    let group = body[..start].ends_with("<label><input type=\"checkbox\" ");
    &rest[..rest.find(if group { "</fieldset>" } else { "</label>" }).unwrap()]
}

/// Asserts that the field `name` shows `shown` and the problem `problem` beside it.
fn kept(body: &str, name: &str, shown: &str, problem: Option<&str>) {
    let f = field(body, name);
    assert!(f.contains(shown), "{name} shows {shown:?}: {f}");
    match problem {
        Some(p) => assert!(f.contains("error-text") && f.contains(p), "{name} has {p:?} beside it: {f}"),
        None => assert!(!f.contains("error-text"), "{name} has no problem: {f}"),
    }
}

/// Every refused form is shown again exactly as typed, each problem beside its field, and nothing is saved.
async fn refused_forms_keep_what_was_typed(t: &TestApp) {
    let v = t.village;
    let mut kader = logged_in(t, "kader").await;
    let new = format!("/kampung/baru?desa={v}");

    // Forming: a launch date that is no date, a longitude that is a word, a decree date out of the calendar and no
    // decree type.
    let r = form(
        &mut kader,
        t,
        &new,
        &[
            ("name", "Kampung KB Baru"),
            ("launch_date", "2026-02-30"),
            ("location.lat", "-3.7956"),
            ("location.lng", "utara"),
            ("decree.number", "07/SK/2026"),
            ("decree.date", "2026-13-45"),
            ("decree.regulation_type", ""),
            ("rws", "RW 03"),
            ("criteria.utama", "keluarga_miskin_tinggi"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    kept(b, "launch_date", "value=\"2026-02-30\"", Some("Bukan tanggal yang sah."));
    kept(b, "location.lat", "value=\"-3.7956\"", None);
    kept(b, "location.lng", "value=\"utara\"", Some("Bukan angka derajat."));
    kept(b, "decree.number", "value=\"07/SK/2026\"", None);
    kept(b, "decree.date", "value=\"2026-13-45\"", Some("Bukan tanggal yang sah."));
    kept(b, "decree.regulation_type", "<option value=\"\" selected>", Some("Pilih salah satu."));
    kept(b, "name", "value=\"Kampung KB Baru\"", None);
    kept(b, "rws", "value=\"RW 03\"", None);
    kept(b, "criteria.utama", "value=\"keluarga_miskin_tinggi\" checked", None);
    assert!(!b.contains("name=\"active\" value=\"1\" checked"), "the unticked box stays unticked");
    assert!(t.app.store.kampung(v).unwrap().is_none(), "nothing saved");

    // Only a latitude, a decree with its type but no number, a launch date written the other way round.
    let r = form(
        &mut kader,
        t,
        &new,
        &[
            ("name", "Kampung KB Baru"),
            ("launch_date", "15-01-2026"),
            ("location.lat", "-3,8"),
            ("location.lng", ""),
            ("decree.number", ""),
            ("decree.date", "2026-01-10"),
            ("decree.regulation_type", "perdes"),
            ("active", "1"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    kept(b, "launch_date", "value=\"15-01-2026\"", Some("Bukan tanggal yang sah."));
    kept(b, "location.lat", "value=\"-3,8\"", None);
    kept(b, "location.lng", "value=\"\"", Some("Lintang diisi tanpa bujur"));
    kept(b, "decree.number", "value=\"\"", Some("Wajib diisi."));
    kept(b, "decree.date", "value=\"2026-01-10\"", None);
    kept(b, "decree.regulation_type", "<option value=\"perdes\" selected>", None);
    kept(b, "active", "checked", None);
    assert!(t.app.store.kampung(v).unwrap().is_none(), "nothing saved");

    // The edit form, the same: what was typed, not what is stored nor today.
    assert_eq!(form(&mut kader, t, &new, &RECORD).await.status, StatusCode::SEE_OTHER);
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/ubah"),
        &[
            ("name", "Kampung KB Uji"),
            ("launch_date", "2026-1-155"),
            ("location.lat", ""),
            ("location.lng", "119.5"),
            ("decree.number", "12/SK/2026"),
            ("decree.date", "kemarin"),
            ("decree.regulation_type", "sk_kepala_desa"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    kept(b, "launch_date", "value=\"2026-1-155\"", Some("Bukan tanggal yang sah."));
    kept(b, "location.lat", "value=\"\"", Some("Bujur diisi tanpa lintang"));
    kept(b, "location.lng", "value=\"119.5\"", None);
    kept(b, "decree.number", "value=\"12/SK/2026\"", None);
    kept(b, "decree.date", "value=\"kemarin\"", Some("Bukan tanggal yang sah."));
    kept(b, "decree.regulation_type", "<option value=\"sk_kepala_desa\" selected>", None);
    let stored = t.app.store.kampung(v).unwrap().unwrap();
    assert_eq!(stored.launch_date.to_string(), "2026-01-15", "nothing saved");

    // Activity: a date out of the calendar, no family function, an area that is none, an action-plan item that is
    // not this village's.
    let blank = kader.get(t, &format!("/kampung/{v}/kegiatan")).await;
    kept(&blank.body, "function", "<option value=\"\" selected>", None);
    kept(&blank.body, "inpres_area", "<option value=\"\" selected>", None);
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/kegiatan"),
        &[
            ("date", "2026-02-31"),
            ("place", "Balai desa"),
            ("description", "Penyuluhan"),
            ("function", ""),
            ("inpres_area", "9"),
            ("targets", "pus"),
            ("plan_item", "999999"),
            ("agencies", "dinkes"),
            ("agencies_other", "Karang Taruna"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    kept(b, "date", "value=\"2026-02-31\"", Some("Bukan tanggal yang sah."));
    kept(b, "place", "value=\"Balai desa\"", None);
    kept(b, "function", "<option value=\"\" selected>", Some("Pilih salah satu."));
    kept(b, "inpres_area", "<option value=\"9\" selected>", Some("bukan salah satu pilihan."));
    kept(b, "plan_item", "<option value=\"999999\" selected>", Some("Pilih kegiatan rencana aksi"));
    kept(b, "targets", "value=\"pus\" checked", None);
    kept(b, "agencies", "value=\"dinkes\" checked", None);
    kept(b, "agencies_other", "value=\"Karang Taruna\"", None);
    // A function that is none of the choices.
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/kegiatan"),
        &[
            ("date", "2026-02-10"),
            ("place", "Balai"),
            ("description", "Rapat"),
            ("function", "sihir"),
            ("inpres_area", "3"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    kept(&r.body, "function", "<option value=\"sihir\" selected>", Some("bukan salah satu pilihan."));
    kept(&r.body, "inpres_area", "<option value=\"3\" selected>", None);
    assert!(t.app.store.activities(v).unwrap().is_empty(), "nothing saved");

    // Profile: a date out of the calendar and members in words.
    let r = form(
        &mut kader,
        t,
        &format!("/kampung/{v}/profil"),
        &[
            ("valid_from", "2026-02-30"),
            ("pokja.exists", "1"),
            ("pokja.members", "dua belas"),
            ("programs", "bkb"),
            ("operations.monev", "bulanan"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let b = &r.body;
    kept(b, "valid_from", "value=\"2026-02-30\"", Some("Bukan tanggal yang sah."));
    kept(b, "pokja.members", "value=\"dua belas\"", Some("Bukan bilangan bulat."));
    kept(b, "pokja.exists", "checked", None);
    kept(b, "programs", "value=\"bkb\" checked", None);
    kept(b, "operations.monev", "<option value=\"bulanan\" selected>", None);
    kept(b, "operations.laporan", "<option value=\"\" selected>", None);
    assert!(!field(b, "pkb_assigned").contains("checked"));
    assert!(t.app.store.profile_history(v).unwrap().is_empty(), "nothing saved");
}

async fn who_may_edit_and_verify(t: &TestApp) {
    let (v, other) = (t.village, t.other);
    let mut kader = logged_in(t, "kader").await;
    assert_eq!(form(&mut kader, t, &format!("/kampung/baru?desa={v}"), &RECORD).await.status, StatusCode::SEE_OTHER);
    let mut kab = logged_in(t, "kab").await;
    assert_eq!(form(&mut kab, t, &format!("/kampung/baru?desa={other}"), &RECORD).await.status, StatusCode::FORBIDDEN);
    assert!(t.app.store.kampung(other).unwrap().is_none());
    assert_eq!(
        form(&mut kader, t, &format!("/kampung/baru?desa={other}"), &RECORD).await.status,
        StatusCode::FORBIDDEN
    );
    for user in ["prov", "admin"] {
        let mut c = logged_in(t, user).await;
        let r = form(&mut c, t, &format!("/kampung/{v}/laporan"), &good_report("2026-10")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        assert_eq!(c.get(t, &format!("/kampung/{v}/profil")).await.status, StatusCode::FORBIDDEN, "{user}");
    }
    // The public reads the page, has no forms, and is sent to log in for one.
    let mut public = Client::default();
    let page = public.get(t, &format!("/kampung/{v}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&format!("/kampung/{v}/ubah")));
    assert_ne!(public.get(t, &format!("/kampung/{v}/ubah")).await.status, StatusCode::OK);
    // No CSRF token, no change.
    let r = kader.post_form(t, &format!("/kampung/{v}/laporan"), &good_report("2026-10")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(t.app.store.latest_report(v).unwrap().is_none());

    // The kader reports; only the district officers verify; a correction clears the verification.
    assert_eq!(
        form(&mut kader, t, &format!("/kampung/{v}/laporan"), &good_report("2026-10")).await.status,
        StatusCode::SEE_OTHER
    );
    let verify = format!("/kampung/{v}/laporan/2026-10/verifikasi");
    assert_eq!(form(&mut kader, t, &verify, &[]).await.status, StatusCode::FORBIDDEN);
    let m = YearMonth::new(2026, 10).unwrap();
    assert!(t.app.store.report_verification(v, m).unwrap().is_none());
    let mut kec = logged_in(t, "kec").await;
    let page = kec.get(t, &format!("/kampung/{v}")).await;
    assert!(page.body.contains(&verify), "the officer sees the verify button");
    assert_eq!(form(&mut kec, t, &verify, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.app.store.report_verification(v, m).unwrap().unwrap().0, "kec");
    let page = kader.get(t, &format!("/kampung/{v}")).await;
    assert!(page.body.contains("✓ kec"));
    // The report list names the month in words; its links and forms keep the YYYY-MM value.
    let bodies: Vec<&str> = page.body.split("<tbody>").skip(1).map(|b| &b[..b.find("</tbody>").unwrap()]).collect();
    let list = bodies.iter().find(|b| b.contains("/laporan")).expect("the report list");
    assert!(list.contains("<td>Oktober 2026</td>"), "{list}");
    assert!(!list.contains("<td>2026-10</td>") && !list.contains(">2026-10<"), "{list}");
    assert!(list.contains("laporan?bulan=2026-10"), "{list}");
    let mut fix = good_report("2026-10");
    fix.push(("replace", "1"));
    assert_eq!(form(&mut kader, t, &format!("/kampung/{v}/laporan"), &fix).await.status, StatusCode::SEE_OTHER);
    assert!(t.app.store.report_verification(v, m).unwrap().is_none());

    // Model flags are the officers': a kader's edit keeps them.
    let mut with_model: Vec<(&str, &str)> = RECORD.to_vec();
    with_model.push(("model.kabupaten", "1"));
    assert_eq!(form(&mut kec, t, &format!("/kampung/{v}/ubah"), &with_model).await.status, StatusCode::SEE_OTHER);
    assert!(t.app.store.kampung(v).unwrap().unwrap().model.kabupaten);
    assert_eq!(form(&mut kader, t, &format!("/kampung/{v}/ubah"), &RECORD).await.status, StatusCode::SEE_OTHER);
    assert!(t.app.store.kampung(v).unwrap().unwrap().model.kabupaten, "kept");

    // Deactivating removes it from coverage and the class counts.
    let mut inactive: Vec<(&str, &str)> = RECORD.iter().copied().filter(|(k, _)| *k != "active").collect();
    inactive.push(("name", "Kampung KB Uji"));
    assert_eq!(form(&mut kab, t, &format!("/kampung/{v}/ubah"), &inactive).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.app.store.class_counts(code("17")).unwrap().total(), 0);
    assert_eq!(t.app.store.coverage(v, None).unwrap().formed, 0);
    // Every change is in the audit log.
    let log = t.app.store.audit_log(&kkb_store::AuditFilter { limit: 1000, ..Default::default() }).unwrap();
    for action in ["kampung.create", "kampung.report", "kampung.verify", "kampung.update"] {
        assert!(log.iter().any(|e| e.action == action), "{action} audited");
    }
}

/// A multipart part: name, optional (file name, content type), content.
type Part<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a [u8]);

fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "----kkbdocboundary";
    let mut body = Vec::new();
    for (name, file, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some((filename, kind)) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {kind}\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(c: &mut Client, t: &TestApp, v: RegionCode, file: (&str, &str), bytes: &[u8]) -> common::Resp {
    let csrf = c.csrf(t).await;
    let (kind, body) = multipart(&[("csrf", None, csrf.as_bytes()), ("file", Some(file), bytes)]);
    let mut b = axum::http::Request::builder().method("POST").uri(format!("/kampung/{v}/dokumen"));
    b = b.header(axum::http::header::CONTENT_TYPE, kind);
    b = b.header(
        axum::http::header::COOKIE,
        c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; "),
    );
    c.send(t, b.body(axum::body::Body::from(body)).unwrap()).await
}

async fn documents_are_checked_and_served(t: &TestApp) {
    let v = t.village;
    let mut kader = logged_in(t, "kader").await;
    assert_eq!(form(&mut kader, t, &format!("/kampung/baru?desa={v}"), &RECORD).await.status, StatusCode::SEE_OTHER);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-synthetic";
    let r = upload(&mut kader, t, v, ("foto kegiatan.png", "image/png"), png).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let docs = t.app.store.documents(v).unwrap();
    assert_eq!(docs.len(), 1);
    let r = Client::default().get(t, &format!("/kampung/{v}/dokumen/{}", docs[0].id)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "image/png");
    let page = kader.get(t, &format!("/kampung/{v}")).await;
    assert!(page.body.contains("foto kegiatan.png"));
    // Declared a PNG, is a GIF; declared a PDF, is a PNG; too large: refused, nothing stored.
    let r = upload(&mut kader, t, v, ("x.png", "image/png"), b"GIF89a.....").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("bukan PNG, JPEG atau PDF"), "{}", r.body);
    let r = upload(&mut kader, t, v, ("sk.pdf", "application/pdf"), png).await;
    assert!(r.body.contains("dinyatakan sebagai application/pdf, tetapi isinya image/png"), "{}", r.body);
    let mut big = png.to_vec();
    big.resize(kkb_store::MAX_DOCUMENT_BYTES + 1, 0);
    let r = upload(&mut kader, t, v, ("big.png", "image/png"), &big).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("paling besar 5 MiB"), "{}", r.body);
    assert_eq!(t.app.store.documents(v).unwrap().len(), 1);
    // Another Kampung's document is not served under this one.
    assert_eq!(
        Client::default().get(t, &format!("/kampung/{}/dokumen/{}", t.other, docs[0].id)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forming_and_filling_a_kampung() {
    a_kampung_is_formed_filled_and_classed(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        a_kampung_is_formed_filled_and_classed(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn validation() {
    bad_input_names_the_field_keeps_it_and_saves_nothing(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        bad_input_names_the_field_keeps_it_and_saves_nothing(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn permissions_and_verification() {
    who_may_edit_and_verify(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        who_may_edit_and_verify(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn documents() {
    documents_are_checked_and_served(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        documents_are_checked_and_served(&t).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_forms_keep_everything_typed() {
    refused_forms_keep_what_was_typed(&common::sqlite(N)).await;
    if let Some(t) = common::postgres(N) {
        refused_forms_keep_what_was_typed(&t).await;
    }
}
