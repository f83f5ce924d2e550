//! Bahasa Indonesia first, English second: the message table, and numbers and dates in the reader's locale
//! (54,01 and 23 Agustus 2022 in Indonesian; 54.01 and 23 August 2022 in English).

use kkb_domain::date::Date;

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// From a `lang` cookie or query value.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// A message by key; an unknown key is returned as is (a test checks every key used in templates exists).
    pub fn t(self, key: &str) -> &'static str {
        match lookup(key) {
            Some((id, en)) => match self {
                Lang::Id => id,
                Lang::En => en,
            },
            None => {
                debug_assert!(false, "missing message {key:?}");
                "?"
            }
        }
    }

    /// A number with `decimals` decimals and grouped thousands: `54,01` / `620.000` (id), `54.01` / `620,000` (en).
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{:.*}", decimals, x.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let (group, point) = match self {
            Lang::Id => ('.', ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::with_capacity(s.len() + 4);
        let negative = x < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if negative {
            out.push('−');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// An optional figure with two decimals, or an em dash.
    pub fn fig(self, x: Option<f64>) -> String {
        x.map(|v| self.num(v, 2)).unwrap_or_else(|| "—".into())
    }

    /// A signed change with two decimals (`+1,25`, `−0,40`).
    pub fn delta(self, x: f64) -> String {
        let s = self.num(x, 2);
        if x >= 0.005 { format!("+{s}") } else { s }
    }

    /// A count with grouped thousands.
    pub fn count(self, n: i64) -> String {
        self.num(n as f64, 0)
    }

    /// A date: `23 Agustus 2022` / `23 August 2022`.
    pub fn date(self, d: Date) -> String {
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let months = if self == Lang::Id { &ID } else { &EN };
        format!("{} {} {}", d.day(), months[usize::from(d.month()) - 1], d.year())
    }

    /// An RFC 3339 UTC timestamp as a date and time (`23 Agustus 2022 14.05 UTC`).
    pub fn timestamp(self, rfc3339: &str) -> String {
        let Some(d) = rfc3339.get(..10).and_then(Date::parse_iso) else { return rfc3339.to_string() };
        let time = rfc3339.get(11..16).unwrap_or("");
        let time = if self == Lang::Id { time.replace(':', ".") } else { time.to_string() };
        format!("{} {time} UTC", self.date(d))
    }
}

/// (Indonesian, English) by key.
fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    MESSAGES.iter().find(|(k, _, _)| *k == key).map(|(_, id, en)| (*id, *en))
}

/// Every message. Keys are stable identifiers; keep them sorted by area.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    // Site
    ("app.name", "Kampung KB", "Kampung KB"),
    (
        "app.tagline",
        "Indeks Pembangunan Keluarga (iBangga) dan Kampung KB",
        "Family Development Index (iBangga) and Kampung KB",
    ),
    ("nav.dashboard", "Dasbor", "Dashboard"),
    ("nav.search", "Cari keluarga", "Find a family"),
    ("nav.upload", "Unggah data PK", "Upload PK data"),
    ("nav.users", "Pengguna", "Users"),
    ("nav.tokens", "Token API", "API tokens"),
    ("nav.audit", "Log audit", "Audit log"),
    ("nav.api", "API", "API"),
    ("nav.login", "Masuk", "Log in"),
    ("nav.logout", "Keluar", "Log out"),
    ("nav.skip", "Lewati ke isi", "Skip to content"),
    ("nav.lang_switch", "English", "Bahasa Indonesia"),
    ("nav.breadcrumb", "Lokasi", "Location"),
    (
        "footer.privacy",
        "Data pribadi dilindungi menurut UU 27/2022. Angka publik atas kurang dari 5 keluarga disembunyikan.",
        "Personal data is protected under Law 27/2022. Public figures over fewer than 5 families are hidden.",
    ),
    ("footer.method", "Metodologi", "Methodology"),
    // Levels
    ("level.province", "Provinsi", "Province"),
    ("level.regency", "Kabupaten/Kota", "Regency/City"),
    ("level.district", "Kecamatan", "District"),
    ("level.village", "Desa/Kelurahan", "Village"),
    ("level.country", "Indonesia", "Indonesia"),
    // Dimensions and categories
    ("dim.ketenteraman", "Ketenteraman", "Tranquillity"),
    ("dim.kemandirian", "Kemandirian", "Self-reliance"),
    ("dim.kebahagiaan", "Kebahagiaan", "Happiness"),
    ("cat.rentan", "Rentan", "Vulnerable"),
    ("cat.berkembang", "Berkembang", "Developing"),
    ("cat.tangguh", "Tangguh", "Resilient"),
    ("cat.unscored", "Tidak terskor", "Not scored"),
    // Variables (pk21-v1); other methodologies fall back to their definition's names
    ("var.v01", "Menjalankan ibadah", "Practises worship"),
    ("var.v02", "Memiliki buku/akta nikah", "Holds a marriage certificate"),
    ("var.v03", "Anak memiliki akta kelahiran", "Children have birth certificates"),
    ("var.v04", "Memiliki jaminan kesehatan", "Has health insurance"),
    ("var.v05", "Tidak ada konflik keluarga", "No family conflict"),
    ("var.v06", "Tidak cerai hidup", "No divorce"),
    ("var.v07", "Memiliki sumber penghasilan", "Has a source of income"),
    ("var.v08", "Makan makanan beragam", "Eats diverse food"),
    ("var.v09", "Tinggal di rumah layak huni", "Lives in adequate housing"),
    ("var.v10", "Memiliki tabungan", "Has savings"),
    ("var.v11", "Anak usia sekolah tidak putus sekolah", "School-age children in school"),
    ("var.v12", "Anggota sakit berobat ke fasilitas kesehatan", "Sick members treated at a health facility"),
    ("var.v13", "Akses media online", "Access to online media"),
    ("var.v14", "Berinteraksi setiap hari", "Daily interaction"),
    ("var.v15", "Pengasuhan anak bersama", "Joint parenting"),
    ("var.v16", "Rekreasi bersama keluarga", "Family recreation"),
    ("var.v17", "Kegiatan sosial / gotong royong", "Community work"),
    // Dashboard
    ("dash.round", "Putaran PK", "PK round"),
    ("dash.families", "Keluarga", "Families"),
    ("dash.scored", "Keluarga terskor", "Scored families"),
    ("dash.ibangga", "iBangga", "iBangga"),
    ("dash.category", "Kategori", "Category"),
    ("dash.national", "Nasional", "National"),
    ("dash.provincial_ref", "Angka resmi provinsi", "Official provincial figure"),
    ("dash.reference", "Angka pembanding yang dipublikasikan BKKBN", "Published BKKBN reference figures"),
    ("dash.change", "Perubahan dari putaran", "Change since round"),
    ("dash.no_previous", "Belum ada putaran sebelumnya untuk dibandingkan.", "No earlier round to compare with."),
    ("dash.dimensions", "Dimensi", "Dimensions"),
    ("dash.categories", "Sebaran kategori keluarga", "Families by category"),
    ("dash.weakest", "Variabel yang paling menurunkan indeks", "Variables pulling the index down"),
    ("dash.variables", "Semua variabel", "All variables"),
    ("dash.variable", "Variabel", "Variable"),
    ("dash.applicable", "Berlaku", "Applicable"),
    ("dash.met", "Terpenuhi", "Met"),
    ("dash.percent", "Persen", "Percent"),
    ("dash.children", "Perbandingan wilayah", "Sub-regions compared"),
    ("dash.map", "Peta iBangga", "iBangga map"),
    (
        "dash.map_none",
        "Peta batas wilayah belum tersedia untuk wilayah ini.",
        "No boundary map is available for this region.",
    ),
    ("dash.legend", "Legenda", "Legend"),
    ("dash.no_data", "Tidak ada data", "No data"),
    ("dash.hidden", "disembunyikan (< 5 keluarga)", "hidden (< 5 families)"),
    ("dash.no_round", "Belum ada data PK yang diimpor.", "No PK data has been imported yet."),
    ("dash.name", "Nama", "Name"),
    ("dash.code", "Kode", "Code"),
    ("dash.export", "Unduh", "Download"),
    ("dash.ranking", "Desa terlemah per variabel dan dimensi", "Weakest villages by variable and dimension"),
    ("dash.family_list", "Daftar keluarga", "Family list"),
    ("dash.add_family", "Tambah keluarga", "Add a family"),
    ("dash.family_planning", "KB dari data PK", "Family planning from PK"),
    ("dash.pus", "PUS", "Couples of reproductive age (PUS)"),
    ("dash.cpr", "CPR (semua cara)", "CPR (any method)"),
    ("dash.mcpr", "mCPR (cara modern)", "mCPR (modern)"),
    ("dash.mkjp", "Porsi MKJP", "Long-acting share"),
    ("dash.unmet", "Unmet need", "Unmet need"),
    ("dash.sort", "Urutkan", "Sort"),
    ("dash.chart_children", "iBangga per wilayah, dengan garis nasional", "iBangga by region, with the national line"),
    ("dash.print", "Cetak", "Print"),
    // Kampung KB coverage
    ("cov.title", "Kampung KB", "Kampung KB"),
    ("cov.formed", "Kampung KB terbentuk", "Kampung KB formed"),
    ("cov.of", "dari", "of"),
    ("cov.villages", "desa/kelurahan", "villages"),
    ("cov.map", "Peta cakupan Kampung KB", "Kampung KB coverage map"),
    ("cov.timeline", "Cakupan menurut tahun pembentukan (akhir tahun)", "Coverage by year of formation (year end)"),
    ("cov.village_yes", "Desa/kelurahan ini memiliki Kampung KB sejak", "This village has had a Kampung KB since"),
    ("cov.village_no", "Desa/kelurahan ini belum memiliki Kampung KB.", "This village has no Kampung KB yet."),
    ("cov.column", "Kampung KB", "Kampung KB"),
    // Kampung page
    ("kampung.class", "Klasifikasi", "Class"),
    ("kampung.indices", "Indeks", "Indices"),
    ("kampung.high", "Indeks tinggi bila ≥ 3.", "An index is high at 3 or more."),
    ("kampung.launched", "Dicanangkan", "Launched"),
    ("kampung.population", "Penduduk (PK)", "Population (PK)"),
    ("kampung.next", "Menuju kelas berikutnya", "To reach the next class"),
    ("kampung.indicators", "Indikator", "Indicators"),
    ("kampung.indicator", "Indikator", "Indicator"),
    ("kampung.score", "Skor", "Score"),
    ("kampung.reports", "Laporan bulanan KB", "Monthly KB reports"),
    ("kampung.month", "Bulan", "Month"),
    ("kampung.users", "Peserta KB", "Contraceptive users"),
    ("kampung.activities", "Kegiatan", "Activities"),
    ("kampung.history", "Riwayat klasifikasi", "Class history"),
    ("kampung.open", "Lihat Kampung KB", "Open the Kampung KB"),
    // Ranking
    ("rank.title", "Desa terlemah", "Weakest villages"),
    ("rank.by", "Menurut", "By"),
    (
        "rank.intro",
        "Desa/kelurahan di wilayah ini, diurutkan dari yang terendah. Desa dengan kurang dari 5 keluarga yang berlaku tidak diurutkan.",
        "Villages of this region, lowest first. Villages where fewer than 5 families apply are not ranked.",
    ),
    ("rank.value", "Nilai", "Value"),
    // Families
    ("fam.title", "Keluarga", "Families"),
    ("fam.id", "ID keluarga", "Family id"),
    ("fam.members", "Anggota", "Members"),
    ("fam.version", "Versi", "Version"),
    ("fam.filter", "Saring kategori", "Filter by category"),
    ("fam.all", "Semua", "All"),
    ("fam.none", "Tidak ada keluarga.", "No families."),
    ("fam.head", "Keluarga", "Family"),
    ("fam.scores", "Skor variabel", "Variable scores"),
    ("fam.why", "Mengapa", "Why"),
    ("fam.na", "Tidak berlaku", "Not applicable"),
    ("fam.met_yes", "Terpenuhi", "Met"),
    ("fam.met_no", "Belum terpenuhi", "Not met"),
    ("fam.answers", "Jawaban PK", "PK answers"),
    ("fam.member_no", "No.", "No."),
    ("fam.nik", "NIK", "NIK"),
    ("fam.name", "Nama", "Name"),
    ("fam.sex", "Jenis kelamin", "Sex"),
    ("fam.birth", "Tanggal lahir", "Birth date"),
    ("fam.relation", "Hubungan", "Relation"),
    ("fam.marital", "Status kawin", "Marital status"),
    ("fam.show_nik", "Tampilkan NIK (dicatat di log audit)", "Show NIK (recorded in the audit log)"),
    ("fam.nik_masked", "NIK dan nama disamarkan untuk peran Anda.", "NIK and names are masked for your role."),
    (
        "fam.nik_shown",
        "NIK ditampilkan; tampilan ini dicatat di log audit.",
        "NIKs are shown; this view is recorded in the audit log.",
    ),
    ("fam.edit", "Ubah jawaban", "Edit answers"),
    (
        "fam.unscored_why",
        "Semua dimensi tidak berlaku, jadi keluarga ini tidak terskor.",
        "Every dimension is not applicable, so this family is not scored.",
    ),
    (
        "fam.category_rule",
        "Rentan < 40; Berkembang 40–70; Tangguh > 70.",
        "Vulnerable < 40; Developing 40–70; Resilient > 70.",
    ),
    ("fam.not_found", "Keluarga tidak ditemukan.", "Family not found."),
    ("fam.rw_rt", "RW/RT", "RW/RT"),
    ("fam.kk", "Nomor KK", "Family card number"),
    ("fam.age", "Usia", "Age"),
    ("fam.dimension_index", "Indeks dimensi", "Dimension index"),
    // Search
    ("search.title", "Cari keluarga", "Find a family"),
    (
        "search.help",
        "Masukkan ID keluarga, nomor KK (16 angka) atau NIK (16 angka). Pencarian dibatasi pada wilayah Anda.",
        "Enter a family id, a family card number (16 digits) or a NIK (16 digits). Search is limited to your region.",
    ),
    ("search.query", "ID keluarga, nomor KK atau NIK", "Family id, card number or NIK"),
    ("search.go", "Cari", "Search"),
    ("search.none", "Tidak ada keluarga yang cocok di wilayah Anda.", "No matching family in your region."),
    // Edit form
    ("form.save", "Simpan", "Save"),
    ("form.cancel", "Batal", "Cancel"),
    (
        "form.add_member",
        "Baris anggota kosong dapat diisi untuk menambah anggota; kosongkan nama untuk menghapus.",
        "Fill an empty member row to add a member; clear a name to remove one.",
    ),
    (
        "form.errors",
        "Periksa isian berikut; tidak ada yang disimpan.",
        "Please check the following; nothing was saved.",
    ),
    ("form.saved", "Tersimpan. Angka wilayah sudah diperbarui.", "Saved. The region figures are updated."),
    ("form.empty", "(kosong)", "(empty)"),
    ("form.family_fields", "Data keluarga", "Family data"),
    ("form.member_fields", "Anggota keluarga", "Family members"),
    ("form.new_family", "Keluarga baru", "New family"),
    // Upload
    ("upload.title", "Unggah data PK", "Upload PK data"),
    (
        "upload.help",
        "Unggah keluarga.csv dan anggota.csv, atau satu buku kerja .xlsx dengan lembar keluarga dan anggota. Berkas dengan baris yang salah tidak diimpor sama sekali.",
        "Upload keluarga.csv and anggota.csv, or one .xlsx workbook with sheets keluarga and anggota. A file with any bad row imports nothing.",
    ),
    ("upload.families", "keluarga.csv", "keluarga.csv"),
    ("upload.members", "anggota.csv", "anggota.csv"),
    ("upload.xlsx", "atau buku kerja .xlsx", "or an .xlsx workbook"),
    ("upload.submit", "Periksa dan impor", "Check and import"),
    (
        "upload.rejected",
        "Berkas ditolak; tidak ada yang diimpor. Perbaiki masalah berikut:",
        "The file was rejected; nothing was imported. Fix these problems:",
    ),
    ("upload.done", "Impor selesai", "Import done"),
    ("upload.file", "Berkas", "File"),
    ("upload.row", "Baris", "Row"),
    ("upload.column", "Kolom", "Column"),
    ("upload.value", "Nilai", "Value"),
    ("upload.reason", "Masalah", "Problem"),
    ("upload.new", "keluarga baru", "new families"),
    ("upload.replaced", "keluarga diganti", "families replaced"),
    ("upload.members_count", "anggota", "members"),
    // Login
    ("login.title", "Masuk", "Log in"),
    ("login.username", "Nama pengguna", "Username"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Log in"),
    ("login.failed", "Nama pengguna atau kata sandi salah.", "Wrong username or password."),
    (
        "login.throttled",
        "Terlalu banyak percobaan masuk. Coba lagi dalam beberapa menit.",
        "Too many login attempts. Try again in a few minutes.",
    ),
    (
        "login.expired",
        "Sesi Anda telah berakhir. Silakan masuk lagi.",
        "Your session has expired. Please log in again.",
    ),
    ("login.required", "Halaman ini memerlukan login.", "This page needs you to log in."),
    (
        "login.public",
        "Tanpa login Anda dapat melihat angka agregat dan peta.",
        "Without logging in you can see aggregate figures and maps.",
    ),
    // Admin
    ("admin.users", "Pengguna", "Users"),
    ("admin.username", "Nama pengguna", "Username"),
    ("admin.display_name", "Nama tampilan", "Display name"),
    ("admin.role", "Peran", "Role"),
    ("admin.scope", "Wilayah", "Region"),
    ("admin.agency", "Instansi", "Agency"),
    ("admin.active", "Aktif", "Active"),
    ("admin.password", "Kata sandi (min. 10 karakter)", "Password (at least 10 characters)"),
    ("admin.create", "Tambah pengguna", "Add user"),
    ("admin.update", "Perbarui", "Update"),
    ("admin.created", "Pengguna ditambahkan.", "User added."),
    ("admin.updated", "Pengguna diperbarui.", "User updated."),
    ("admin.tokens", "Token API", "API tokens"),
    ("admin.token_name", "Nama token", "Token name"),
    ("admin.token_user", "Untuk pengguna", "For user"),
    ("admin.token_create", "Buat token", "Create token"),
    (
        "admin.token_once",
        "Salin token ini sekarang; token tidak akan ditampilkan lagi:",
        "Copy this token now; it will not be shown again:",
    ),
    ("admin.revoke", "Cabut", "Revoke"),
    ("admin.revoked", "Dicabut", "Revoked"),
    ("admin.last_used", "Terakhir dipakai", "Last used"),
    ("admin.created_at", "Dibuat", "Created"),
    ("admin.audit", "Log audit", "Audit log"),
    ("admin.when", "Waktu", "When"),
    ("admin.who", "Siapa", "Who"),
    ("admin.action", "Tindakan", "Action"),
    ("admin.target", "Sasaran", "Target"),
    ("admin.from", "Dari", "From"),
    ("admin.detail", "Rincian", "Detail"),
    ("admin.older", "Lebih lama", "Older"),
    ("admin.filter", "Saring", "Filter"),
    ("admin.yes", "Ya", "Yes"),
    ("admin.no", "Tidak", "No"),
    // Roles
    ("role.admin", "Administrator", "Administrator"),
    ("role.provinsi", "BKKBN provinsi", "Provincial BKKBN"),
    ("role.kabupaten", "Petugas kabupaten/kota", "Regency/city officer"),
    ("role.kecamatan", "Petugas kecamatan (PKB/PLKB)", "District field officer (PKB/PLKB)"),
    ("role.kader", "Kader desa", "Village cadre"),
    // Errors
    ("error.title", "Terjadi masalah", "Something went wrong"),
    ("error.not_found", "Halaman atau data tidak ditemukan.", "The page or data was not found."),
    (
        "error.forbidden",
        "Anda tidak berhak membuka data ini. Data hanya tersedia untuk wilayah tugas Anda.",
        "You may not open this data. Data is available only for your own region.",
    ),
    (
        "error.csrf",
        "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.",
        "The form expired or is not valid. Reload the page and try again.",
    ),
    (
        "error.internal",
        "Kesalahan internal. Kejadian ini sudah dicatat; coba lagi nanti.",
        "Internal error. It has been logged; please try again later.",
    ),
    ("error.bad_request", "Permintaan tidak valid.", "Bad request."),
    ("error.back", "Kembali ke dasbor", "Back to the dashboard"),
    ("error.conflict", "Konflik", "Conflict"),
    // API docs
    ("api.title", "Dokumentasi API", "API documentation"),
    (
        "api.intro",
        "Semua angka di halaman tersedia sebagai JSON. Angka agregat bersifat publik; data keluarga memerlukan token API (header Authorization: Bearer …) atau sesi login.",
        "Every figure on the pages is available as JSON. Aggregates are public; family data needs an API token (Authorization: Bearer … header) or a logged-in session.",
    ),
    ("api.openapi", "Dokumen OpenAPI", "OpenAPI document"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(Lang::Id.num(54.0137, 2), "54,01");
        assert_eq!(Lang::En.num(54.0137, 2), "54.01");
        assert_eq!(Lang::Id.count(620_000), "620.000");
        assert_eq!(Lang::En.count(1_234_567), "1,234,567");
        assert_eq!(Lang::Id.num(-0.004, 2), "0,00");
        assert_eq!(Lang::Id.delta(-1.25), "−1,25");
        assert_eq!(Lang::Id.delta(1.25), "+1,25");
        assert_eq!(Lang::Id.fig(None), "—");
        assert_eq!(Lang::Id.count(999), "999");
    }

    #[test]
    fn dates_follow_the_locale() {
        let d = Date::new(2022, 8, 23).unwrap();
        assert_eq!(Lang::Id.date(d), "23 Agustus 2022");
        assert_eq!(Lang::En.date(d), "23 August 2022");
        assert_eq!(Lang::Id.timestamp("2026-11-28T04:05:12Z"), "28 November 2026 04.05 UTC");
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = MESSAGES.iter().map(|m| m.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let dirs = [concat!(env!("CARGO_MANIFEST_DIR"), "/templates"), concat!(env!("CARGO_MANIFEST_DIR"), "/src")];
        let mut missing = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for part in text.split(".t(\"").skip(1) {
                    let key = part.split('"').next().unwrap();
                    if lookup(key).is_none() {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing messages: {missing:?}");
    }
}
