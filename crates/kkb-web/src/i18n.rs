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
    // Where to form next (candidate villages for a Kampung KB)
    ("cand.link", "Desa calon Kampung KB berikutnya", "Where to form the next Kampung KB"),
    ("cand.title", "Calon Kampung KB", "Kampung KB candidates"),
    (
        "cand.intro",
        "Desa/kelurahan yang belum memiliki Kampung KB aktif, dinilai dengan kriteria utama pembentukan Kampung KB dari data PK: jumlah keluarga miskin di atas rata-rata dan kesertaan KB di bawah rata-rata. Pembandingnya adalah rata-rata kabupaten/kota desa itu, atas semua desanya dan dibobot menurut keluarga.",
        "Villages without an active Kampung KB, assessed with the main formation criteria of Kampung KB from the PK data: poor families above the average and contraceptive use below it. The comparison is the average of the village's kabupaten/kota, over all its villages and weighted by families.",
    ),
    (
        "cand.proxy",
        "PK tidak mencatat tahapan keluarga sejahtera (Pra-KS/KS I), sehingga keluarga miskin didekati dengan porsi keluarga terskor yang masuk kategori iBangga Rentan (iBangga keluarga di bawah 40). CPR adalah PUS yang memakai alat/cara KB apa pun dibagi seluruh PUS.",
        "PK does not record the welfare stage (Pra-KS/KS I), so poor families are approximated by the share of scored families in the iBangga category Rentan (family iBangga below 40). CPR is the PUS using any contraceptive method divided by all PUS.",
    ),
    (
        "cand.order",
        "Urutan: desa yang memenuhi kedua kriteria utama lebih dulu, lalu satu kriteria, lalu tidak ada; di dalam kelompok, skor tertinggi lebih dulu. Skor = (porsi Rentan − rata-rata kabupaten/kota) + (CPR kabupaten/kota − CPR desa) + (100 − iBangga), dalam poin. Skor sama diurutkan menurut kode desa. Desa tanpa keluarga terskor dicantumkan terakhir.",
        "Order: villages meeting both main criteria first, then one, then none; within a group the highest score first. Score = (Rentan share − regency average) + (regency CPR − village CPR) + (100 − iBangga), in points. Equal scores follow the village code. Villages without scored families are listed last.",
    ),
    (
        "cand.privacy",
        "Hanya angka agregat. Bagi pembaca di luar wilayahnya, desa dengan angka atas 1–4 keluarga dicantumkan setelah desa yang diurutkan, dengan angka disembunyikan.",
        "Aggregates only. For readers outside its region, a village whose figures rest on 1–4 families is listed after the ranked villages, with its figures hidden.",
    ),
    ("cand.without", "Desa/kelurahan tanpa Kampung KB", "Villages without a Kampung KB"),
    ("cand.main_met", "Memenuhi kedua kriteria utama", "Meeting both main criteria"),
    ("cand.averages", "Rata-rata kabupaten/kota", "Regency averages"),
    ("cand.rank", "Peringkat", "Rank"),
    ("cand.poor", "Keluarga Rentan (%)", "Rentan families (%)"),
    ("cand.poor_regency", "Keluarga Rentan kab/kota (%)", "Rentan families, regency (%)"),
    ("cand.cpr", "CPR (%)", "CPR (%)"),
    ("cand.cpr_regency", "CPR kab/kota (%)", "CPR, regency (%)"),
    ("cand.regency_short", "kab/kota", "regency"),
    ("cand.criteria", "Kriteria utama", "Main criteria"),
    ("cand.weakest", "Dimensi terlemah", "Weakest dimension"),
    ("cand.weakest_value", "Nilai dimensi terlemah", "Weakest dimension's value"),
    ("cand.score", "Skor", "Score"),
    ("cand.reasons", "Alasan", "Reasons"),
    ("cand.decision", "Keputusan / Decision", "Keputusan / Decision"),
    ("cand.notes", "Catatan / Notes", "Catatan / Notes"),
    ("cand.sheet", "Calon Kampung KB", "Kampung KB candidates"),
    (
        "cand.method",
        "Keluarga miskin = porsi keluarga iBangga Rentan (< 40), karena PK tidak mencatat Pra-KS/KS I. Pembanding: rata-rata kabupaten/kota (dibobot keluarga). Urutan: kedua kriteria utama, satu, tidak ada; lalu skor = selisih porsi Rentan + selisih CPR + (100 − iBangga).",
        "Poor families = share of iBangga Rentan families (< 40), as PK records no Pra-KS/KS I. Compared with the kabupaten/kota average (weighted by families). Order: both main criteria, one, none; then score = Rentan share gap + CPR gap + (100 − iBangga).",
    ),
    (
        "cand.none",
        "Semua desa/kelurahan di wilayah ini sudah memiliki Kampung KB.",
        "Every village of this region has a Kampung KB.",
    ),
    (
        "cand.more",
        "Unduhan memuat seluruh daftar; desa lain yang tidak ditampilkan:",
        "The downloads hold the whole list; villages not shown here:",
    ),
    (
        "cand.reason_poor",
        "Keluarga Rentan di atas rata-rata kabupaten/kota",
        "Rentan families above the regency average",
    ),
    (
        "cand.reason_cpr",
        "Kesertaan KB (CPR) di bawah rata-rata kabupaten/kota",
        "Contraceptive use (CPR) below the regency average",
    ),
    ("cand.reason_rentan", "iBangga desa dalam kategori Rentan", "The village's iBangga is Rentan"),
    ("cand.reason_weakest", "Dimensi terlemah", "Weakest dimension"),
    (
        "cand.reason_no_pus",
        "Tidak ada PUS: kesertaan KB tidak dapat dibandingkan",
        "No PUS: contraceptive use cannot be compared",
    ),
    ("cand.reason_no_data", "Tidak ada data PK", "No PK data"),
    ("cand.reason_hidden", "Kurang dari 5 keluarga: angka disembunyikan", "Fewer than 5 families: figures hidden"),
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
    ("yes", "Ya", "Yes"),
    ("no", "Tidak", "No"),
    ("nav.kampung", "Kampung KB", "Kampung KB"),
    ("nav.plans", "Rencana aksi", "Action plans"),
    ("plan.workmap", "Peta kerja (siapa mengerjakan apa)", "Work map (who does what)"),
    ("plan.convergence", "Konvergensi dan celah per desa", "Convergence and gaps per village"),
    ("reg.download", "Unduh", "Download"),
    (
        "reg.upload",
        "Unggah registri atau laporan bulanan (CSV/XLSX)",
        "Upload the registry or monthly reports (CSV/XLSX)",
    ),
    ("kampung.registry", "Daftar Kampung KB kabupaten/kota", "The regency's Kampung KB"),
    ("kampung.profile_at", "Profil yang berlaku pada", "Profile in force on"),
    ("kampung.profile_active", "Profil aktif", "Active profile"),
    ("kampung.profile_month", "Lihat profil pada bulan", "Show the profile of month"),
    ("kampung.profile_versions", "Versi profil", "Profile versions"),
    ("kampung.profile_none", "Belum ada profil.", "No profile yet."),
    ("kampung.show", "Tampilkan", "Show"),
    ("kampung.pop_manual", "entri manual sejak", "manual entry from"),
    ("kampung.pop_none", "belum ada data", "no data yet"),
    ("kampung.source", "Sumber", "Source"),
    ("kampung.criteria", "Kriteria pemilihan", "Selection criteria"),
    ("kampung.model", "Percontohan", "Model Kampung"),
    ("kampung.inactive", "nonaktif", "inactive"),
    ("kampung.edit", "Ubah data", "Edit record"),
    ("kampung.new_profile", "Profil baru", "New profile"),
    ("kampung.new_report", "Laporan bulanan", "Monthly report"),
    ("kampung.new_activity", "Laporan kegiatan", "Activity report"),
    ("kampung.set_population", "Data kependudukan manual", "Manual population figures"),
    ("kampung.verified", "Diverifikasi", "Verified"),
    ("kampung.verify", "Verifikasi", "Verify"),
    ("kampung.not_verified", "Belum diverifikasi", "Not verified"),
    ("kampung.correct", "Ubah", "Correct"),
    ("kampung.function", "Fungsi", "Function"),
    ("kampung.area", "Sasaran Inpres", "Inpres area"),
    ("kampung.agencies", "Instansi", "Agencies"),
    ("kampung.documents", "Foto dan dokumen", "Photos and documents"),
    (
        "kampung.upload_document",
        "Unggah foto/dokumen (PNG, JPEG atau PDF, maks. 5 MiB)",
        "Upload a photo or document (PNG, JPEG or PDF, at most 5 MiB)",
    ),
    ("kampung.upload", "Unggah", "Upload"),
    ("kampung.ok_create", "Kampung KB dibentuk.", "The Kampung KB was formed."),
    ("kampung.ok_update", "Data Kampung KB disimpan.", "The record was saved."),
    ("kampung.ok_profile", "Profil baru disimpan.", "The new profile was saved."),
    ("kampung.ok_report", "Laporan bulanan disimpan.", "The monthly report was saved."),
    ("kampung.ok_activity", "Laporan kegiatan disimpan.", "The activity was saved."),
    ("kampung.ok_population", "Data kependudukan disimpan.", "The population figures were saved."),
    ("kampung.ok_document", "Berkas disimpan.", "The file was stored."),
    ("kampung.ok_verify", "Laporan diverifikasi.", "The report was verified."),
    ("kf.name", "Nama Kampung KB", "Kampung KB name"),
    ("kf.launch_date", "Tanggal pencanangan", "Launch date"),
    ("kf.rws", "RW/dusun yang dicakup (pisahkan dengan ;)", "RWs/dusun covered (separate with ;)"),
    ("kf.description", "Gambaran umum", "Description"),
    ("kf.lat", "Lintang (derajat, mis. -3,79)", "Latitude (degrees, e.g. -3.79)"),
    ("kf.lng", "Bujur (derajat, mis. 102,26)", "Longitude (degrees, e.g. 102.26)"),
    ("kf.active", "Aktif", "Active"),
    ("kf.model_kabupaten", "Kampung KB percontohan kabupaten/kota", "Model Kampung of the regency/city"),
    ("kf.model_provinsi", "Kampung KB percontohan provinsi", "Model Kampung of the province"),
    ("kf.record", "Data Kampung KB", "Kampung KB record"),
    ("kf.decree", "SK pembentukan", "Founding decree"),
    ("kf.decree_number", "Nomor SK", "Decree number"),
    ("kf.decree_date", "Tanggal SK", "Decree date"),
    ("kf.regulation_type", "Jenis regulasi", "Issued as"),
    ("kf.criteria", "Kriteria pemilihan wilayah", "Selection criteria"),
    ("kf.criteria_utama", "Kriteria utama", "Main criteria"),
    ("kf.criteria_wilayah", "Kriteria wilayah", "Area criteria"),
    ("kf.criteria_khusus", "Kriteria khusus", "Special criteria"),
    ("kf.new_title", "Bentuk Kampung KB", "Form a Kampung KB"),
    ("kf.edit_title", "Ubah data Kampung KB", "Edit the Kampung KB"),
    ("kf.not_done", "Tidak dilakukan", "Not done"),
    ("kf.profile", "Profil", "Profile"),
    ("kf.valid_from", "Berlaku sejak", "Valid from"),
    ("kf.pkb_assigned", "Ada PKB/PLKB pendamping", "A PKB/PLKB field officer is assigned"),
    ("kf.regulation", "Ada regulasi/SK Kampung KB", "A regulation or decree exists"),
    ("kf.rkm", "Ada Rencana Kegiatan Masyarakat (RKM)", "A community activity plan (RKM) exists"),
    ("kf.pokja_exists", "Pokja sudah dibentuk", "A Pokja has been formed"),
    ("kf.pokja_decree", "Pokja ber-SK", "The Pokja has a decree"),
    ("kf.pokja_members", "Jumlah anggota Pokja", "Pokja members"),
    ("kf.pokja_trained", "Anggota Pokja sudah dilatih", "Pokja members are trained"),
    ("kf.pokja_sections", "Seksi Pokja (8 fungsi keluarga)", "Pokja sections (8 family functions)"),
    ("kf.resources", "Sumber daya", "Resources"),
    ("kf.funding_sources", "Sumber dana", "Funding sources"),
    ("kf.programs", "Program dan poktan", "Programmes and poktan"),
    ("kf.facilities", "Sarana", "Facilities"),
    ("kf.data_sources", "Sumber data yang digunakan", "Data sources used"),
    ("kf.operations", "Mekanisme operasional dan frekuensinya", "Operational mechanisms and how often"),
    ("kf.profile_title", "Profil baru", "New profile"),
    (
        "kf.profile_intro",
        "Profil disimpan sebagai versi baru; versi lama tetap tersimpan sebagai riwayat.",
        "A profile is saved as a new version; earlier versions stay as history.",
    ),
    ("kf.report", "Laporan", "Report"),
    ("kf.users_by_method", "Peserta KB menurut metode", "Contraceptive users by method"),
    ("kf.not_using", "PUS bukan peserta KB menurut alasan", "PUS not using contraception, by reason"),
    ("kf.hamil", "Hamil", "Pregnant"),
    ("kf.ingin_anak_segera", "Ingin anak segera", "Want a child soon"),
    ("kf.iat", "Ingin anak ditunda (IAT)", "Want a child later (IAT)"),
    ("kf.tial", "Tidak ingin anak lagi (TIAL)", "Want no more children (TIAL)"),
    ("kf.participants", "Peserta poktan", "Poktan participants"),
    ("kf.report_title", "Laporan bulanan KB", "Monthly KB report"),
    (
        "kf.report_replace",
        "Mengubah laporan bulan ini menggantikannya dan menghapus verifikasinya.",
        "Changing this month's report replaces it and clears its verification.",
    ),
    ("kf.activity", "Kegiatan", "Activity"),
    ("kf.date", "Tanggal", "Date"),
    ("kf.place", "Tempat", "Place"),
    ("kf.function", "Fungsi keluarga", "Family function"),
    ("kf.inpres_area", "Sasaran Inpres 3/2022", "Inpres 3/2022 programme area"),
    ("kf.targets", "Sasaran kegiatan", "Target groups"),
    ("kf.agencies", "Instansi yang terlibat", "Agencies involved"),
    ("kf.agencies_known", "Instansi", "Agencies"),
    ("kf.agencies_other", "Instansi lain (pisahkan dengan ;)", "Other agencies (separate with ;)"),
    ("kf.plan_item", "Kegiatan rencana aksi yang dilaksanakan", "Action-plan item carried out"),
    ("kf.activity_title", "Laporan kegiatan", "Activity report"),
    ("kf.population", "Data kependudukan", "Population figures"),
    ("kf.population_title", "Data kependudukan manual", "Manual population figures"),
    (
        "kf.population_intro",
        "Angka manual menggantikan angka PK bila tanggalnya setelah tanggal referensi putaran PK terakhir.",
        "Manual figures replace the PK figures when dated after the latest PK round's reference date.",
    ),
    ("kf.pop.families", "Jumlah keluarga", "Families"),
    ("kf.pop.pus", "PUS", "PUS"),
    ("kf.pop.families_with_balita", "Keluarga dengan balita", "Families with toddlers"),
    ("kf.pop.families_with_remaja", "Keluarga dengan remaja", "Families with teenagers"),
    ("kf.pop.families_with_lansia", "Keluarga dengan lansia", "Families with elderly"),
    ("kf.pop.remaja", "Jumlah remaja", "Teenagers"),
    // Kampung KB registry list and classes
    ("kelas.dasar", "Dasar", "Basic"),
    ("kelas.berkembang", "Berkembang", "Developing"),
    ("kelas.mandiri", "Mandiri", "Self-reliant"),
    ("kelas.berkelanjutan", "Berkelanjutan", "Sustainable"),
    ("kelas.none", "Belum diklasifikasi", "Not classified yet"),
    ("reg.title", "Daftar Kampung KB", "Kampung KB registry"),
    ("reg.classes", "Klasifikasi Kampung KB", "Kampung KB classes"),
    ("reg.chart", "Kampung KB aktif menurut kelas (%)", "Active Kampung KB by class (%)"),
    ("reg.active_total", "Kampung KB aktif", "Active Kampung KB"),
    ("reg.active", "Aktif", "Active"),
    ("reg.coverage", "Cakupan", "Coverage"),
    ("reg.formed", "Terbentuk / desa", "Formed / villages"),
    ("reg.children", "Menurut wilayah", "By region"),
    ("reg.list", "Kampung KB di wilayah ini", "Kampung KB in this region"),
    ("reg.filter", "Kelas", "Class"),
    ("reg.all", "Semua", "All"),
    ("reg.name", "Nama Kampung KB", "Kampung KB"),
    ("reg.class", "Kelas", "Class"),
    ("reg.latest_report", "Laporan terakhir", "Latest report"),
    ("reg.yes", "Ya", "Yes"),
    ("reg.no", "Tidak", "No"),
    ("reg.none", "Belum ada Kampung KB di wilayah ini.", "There is no Kampung KB in this region yet."),
    ("reg.none_filtered", "Tidak ada Kampung KB aktif dengan kelas ini.", "No active Kampung KB has this class."),
    ("reg.dashboard", "Dasbor wilayah", "Region dashboard"),
    ("reg.open", "Daftar Kampung KB →", "Kampung KB registry →"),
    ("reg.compact", "Kelas D/B/M/B", "Classes B/D/S/S"),
    (
        "reg.compact_title",
        "Dasar / Berkembang / Mandiri / Berkelanjutan",
        "Basic / Developing / Self-reliant / Sustainable",
    ),
    (
        "reg.class_rule",
        "Kelas dihitung dari profil aktif, laporan bulanan terakhir, data penduduk dan kegiatan setiap Kampung KB aktif (aturan klasifikasi nasional).",
        "Classes are computed from each active Kampung KB's active profile, latest monthly report, population and activities (the national classification rules).",
    ),
    // Work map, convergence, gaps and effect of the action plans (workmap.rs)
    ("my.nav", "Kegiatan saya", "My items"),
    ("wm.title", "Peta kerja", "Work map"),
    ("wm.card", "Rencana aksi", "Action plans"),
    ("wm.year", "Tahun rencana", "Plan year"),
    (
        "wm.intro",
        "Siapa mengerjakan apa, di mana, kapan dan dengan anggaran berapa: kegiatan rencana aksi provinsi dan kabupaten/kota yang menjangkau wilayah ini, menurut bidang sasaran Inpres 3/2022.",
        "Who does what, where, when and with what budget: the items of the province's and kabupaten/kota's action plans that reach this region, by Inpres 3/2022 programme area.",
    ),
    (
        "wm.no_plans",
        "Belum ada rencana aksi untuk wilayah ini pada tahun ini.",
        "No action plan concerns this region in this year yet.",
    ),
    ("wm.no_items", "Belum ada kegiatan.", "No items yet."),
    ("wm.plan", "Rencana", "Plan"),
    ("wm.region", "Wilayah", "Region"),
    ("wm.status", "Status", "Status"),
    ("wm.item", "Kegiatan", "Item"),
    ("wm.items", "kegiatan", "items"),
    ("wm.budget", "Anggaran", "Budget"),
    ("wm.months", "Bulan", "Months"),
    ("wm.agency", "Instansi", "Agency"),
    ("wm.supporting", "pendukung", "supporting"),
    ("wm.total", "Jumlah", "Total"),
    ("wm.custom", "Kegiatan sendiri (di luar matriks)", "Own activity (outside the matrix)"),
    ("wm.region_wide", "Seluruh wilayah", "Region-wide:"),
    ("wm.by_area", "Instansi × bidang sasaran", "Agencies × programme areas"),
    ("wm.by_village", "Instansi × desa", "Agencies × villages"),
    (
        "wm.by_village_note",
        "Angka dalam sel adalah bidang sasaran (1–4) kegiatan instansi di desa itu. Kegiatan tanpa desa sasaran berlaku di seluruh wilayah rencananya dan tampil di baris teratas.",
        "The numbers in a cell are the programme areas (1–4) of the agency's items in that village. Items without target villages cover their plan's whole region and are shown on the top rows.",
    ),
    ("wm.who_what", "Siapa mengerjakan apa", "Who does what"),
    ("wm.xlsx_note", "Dari rencana aksi di kampungkb", "From the action plans in kampungkb"),
    ("wm.as_of", "keadaan", "as of"),
    ("wm.flag.late", "Terlambat", "Late"),
    ("wm.flag.stalled", "Macet", "Stalled"),
    ("wm.flag.not_started", "Belum mulai", "Not started"),
    ("wm.status.planned", "Direncanakan", "Planned"),
    ("wm.status.in_progress", "Berjalan", "In progress"),
    ("wm.status.done", "Selesai", "Done"),
    ("wm.status.stalled", "Macet", "Stalled"),
    ("wm.status.cancelled", "Dibatalkan", "Cancelled"),
    ("wm.plan.draft", "Draf", "Draft"),
    ("wm.plan.submitted", "Diajukan", "Submitted"),
    ("wm.plan.approved", "Disetujui", "Approved"),
    ("wm.source.apbn", "APBN", "APBN (state budget)"),
    ("wm.source.apbd_provinsi", "APBD provinsi", "APBD province"),
    ("wm.source.apbd_kabupaten", "APBD kabupaten/kota", "APBD kabupaten/kota"),
    ("wm.source.dana_desa", "Dana Desa", "Dana Desa (village fund)"),
    ("wm.source.csr", "CSR", "CSR"),
    ("wm.source.swadaya", "Swadaya", "Community funds (swadaya)"),
    ("wm.col.area", "Bidang sasaran", "Programme area"),
    ("wm.col.programme", "Program", "Programme"),
    ("wm.col.activity", "Kegiatan Inpres", "Inpres activity"),
    ("wm.col.responsible", "Penanggung jawab", "Responsible"),
    ("wm.col.supporting", "Pendukung", "Supporting"),
    ("wm.col.villages", "Desa sasaran", "Target villages"),
    ("wm.col.budget", "Anggaran (Rp)", "Budget (Rp)"),
    ("wm.col.source", "Sumber dana", "Budget source"),
    ("wm.col.indicator", "Indikator keluaran", "Output indicator"),
    ("wm.col.target", "Target", "Target"),
    ("wm.col.unit", "Satuan", "Unit"),
    ("wm.col.flags", "Perlu perhatian", "Needs attention"),
    ("wm.col.variables", "Variabel iBangga", "iBangga variables"),
    ("wm.col.id", "No. kegiatan", "Item no."),
    ("wm.col.code", "Kode", "Code"),
    ("wm.card_flags", "Kegiatan yang perlu perhatian", "Items needing attention"),
    ("conv.title", "Konvergensi dan kesenjangan", "Convergence and gaps"),
    (
        "conv.intro",
        "Per desa: bidang sasaran Inpres 3/2022 mana yang dijangkau rencana aksi dan oleh instansi apa; desa yang variabel iBangga terlemahnya belum disasar kegiatan apa pun; dan perubahan variabel yang disasar antara dua putaran PK.",
        "Per village: which Inpres 3/2022 programme areas the action plans reach and through which agencies; the villages whose weakest iBangga variables no item targets; and the change in targeted variables between two PK rounds.",
    ),
    ("conv.covered", "Bidang sasaran yang terjangkau", "Programme areas reached"),
    ("conv.areas", "bidang", "areas"),
    ("conv.gaps", "Kesenjangan", "Gaps"),
    (
        "conv.gaps_intro",
        "Tiga variabel terlemah setiap desa (yang berlaku bagi sedikitnya 5 keluarga) yang tidak disasar kegiatan mana pun yang menjangkau desa itu, dengan instansi penanggung jawab menurut matriks Inpres 3/2022 (nasional dan dinas kabupaten/kota) dan kegiatan matriks yang dapat mengatasinya.",
        "Each village's three weakest variables (applying to at least 5 families) that no item reaching the village targets, with the responsible agencies per the Inpres 3/2022 matrix (national and the kabupaten/kota office) and the matrix activities that would address them.",
    ),
    (
        "conv.no_gaps",
        "Tidak ada kesenjangan: setiap variabel terlemah sudah disasar.",
        "No gaps: every weakest variable is targeted.",
    ),
    ("conv.responsible", "Penanggung jawab (matriks)", "Responsible (matrix)"),
    ("conv.activities", "Kegiatan yang dapat mengatasinya", "Activities that would address it"),
    ("conv.add_item", "Tambah kegiatan ke", "Add an item to"),
    ("conv.by_village", "Konvergensi per desa", "Convergence per village"),
    (
        "conv.by_village_note",
        "Instansi (penanggung jawab dan pendukung) dari kegiatan yang menjangkau desa, per bidang sasaran; kegiatan tanpa desa sasaran menjangkau seluruh desa wilayah rencananya.",
        "The agencies (responsible and supporting) of the items that reach the village, per programme area; items without target villages reach every village of their plan's region.",
    ),
    ("conv.pages", "Halaman", "Page"),
    ("eff.title", "Dampak", "Effect"),
    (
        "eff.what",
        "Untuk setiap kegiatan dengan desa dan variabel sasaran: perubahan persentase keluarga yang memenuhi variabel itu di desa sasaran, dibandingkan dengan perubahan di desa lain wilayah rencananya, antara dua putaran PK. Selisihnya dalam poin persen.",
        "For each item with target villages and variables: the change in the share of families meeting the variable in the targeted villages, compared with the change in the other villages of its plan's region, between two PK rounds. The difference is in percentage points.",
    ),
    (
        "eff.cannot",
        "Perbandingan ini tidak membuktikan sebab-akibat: desa sasaran dipilih karena lemah (dan cenderung naik dengan sendirinya), desa lain juga menerima program lain, dan putaran PK mungkin diambil sebelum kegiatan selesai. Selisih yang kecil atau dari sedikit desa dapat terjadi karena kebetulan.",
        "This comparison does not prove cause and effect: targeted villages were chosen for being weak (and tend to rise anyway), the other villages receive other programmes too, and a PK round may predate the item's end. A small difference, or one over few villages, can be chance.",
    ),
    (
        "eff.one_round",
        "Dampak dapat dihitung setelah ada dua putaran PK.",
        "The effect can be computed once two PK rounds exist.",
    ),
    (
        "eff.no_items",
        "Belum ada kegiatan dengan desa dan variabel sasaran.",
        "No item has target villages and variables yet.",
    ),
    ("eff.villages", "Desa sasaran / lain", "Targeted / other villages"),
    ("eff.targeted", "Desa sasaran (%)", "Targeted villages (%)"),
    ("eff.others", "Desa lain (%)", "Other villages (%)"),
    ("eff.difference", "Selisih (poin)", "Difference (points)"),
    ("eff.early", "putaran PK terakhir sebelum kegiatan selesai", "latest PK round precedes the item's end"),
    ("my.title", "Kegiatan saya", "My items"),
    (
        "my.no_agency",
        "Akun Anda belum terhubung dengan instansi. Minta administrator menetapkan instansi Anda.",
        "Your account is not linked to an agency. Ask an administrator to set your agency.",
    ),
    (
        "my.agency_items",
        "Kegiatan instansi saya (yang perlu perhatian lebih dulu)",
        "My agency's items (those needing attention first)",
    ),
    (
        "my.coordinated",
        "Kegiatan yang perlu perhatian dalam rencana yang saya koordinasikan",
        "Items needing attention in the plans I coordinate",
    ),
    (
        "my.none_flagged",
        "Tidak ada kegiatan yang terlambat, macet atau belum mulai.",
        "No item is late, stalled or not started.",
    ),
    ("my.latest", "Laporan terakhir", "Latest report"),
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
    // Kampung KB registry files
    ("kampung_files.title", "Unggah registri Kampung KB", "Upload the Kampung KB registry"),
    ("kampung_files.registry", "Registri Kampung KB", "Kampung KB registry"),
    ("kampung_files.reports", "Laporan bulanan KB", "Monthly KB reports"),
    (
        "kampung_files.help",
        "Unggah kampung.csv (satu baris per Kampung KB), laporan.csv (satu baris per desa dan bulan), atau buku kerja .xlsx dengan lembar kampung dan/atau laporan, dalam format unduhan di bawah. Semua berkas diimpor bersama; bila ada satu baris yang salah, tidak ada yang diimpor.",
        "Upload kampung.csv (one row per Kampung KB), laporan.csv (one row per village and month), or an .xlsx workbook with sheets kampung and/or laporan, in the format of the downloads below. All files are imported together; if any row is bad, nothing is imported.",
    ),
    ("kampung_files.files", "Berkas (.csv atau .xlsx, boleh lebih dari satu)", "Files (.csv or .xlsx, one or more)"),
    (
        "kampung_files.replace",
        "Ganti laporan bulan yang sudah ada (verifikasinya dihapus)",
        "Replace reports of months already reported (their verification is cleared)",
    ),
    ("kampung_files.download", "Unduh", "Download"),
    (
        "kampung_files.download_help",
        "Unduhan memakai format impor yang sama: ubah lalu unggah kembali.",
        "Downloads use the import format: edit them and upload them again.",
    ),
    ("kampung_files.kampung_new", "Kampung KB baru", "new Kampung KB"),
    ("kampung_files.kampung_updated", "Kampung KB diperbarui", "Kampung KB updated"),
    ("kampung_files.reports_new", "laporan baru", "new reports"),
    ("kampung_files.reports_replaced", "laporan diganti", "reports replaced"),
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
    ("role.instansi", "Petugas instansi sektor", "Sector agency officer"),
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
    (
        "error.busy",
        "Server sedang sibuk melayani banyak permintaan. Tunggu sebentar lalu coba lagi.",
        "The server is busy with many requests. Wait a moment and try again.",
    ),
    (
        "error.unavailable",
        "Basis data sedang tidak dapat dihubungi (mungkin sedang dimulai ulang). Coba lagi dalam beberapa saat.",
        "The database cannot be reached just now (it may be restarting). Try again in a few moments.",
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
    // Inpres 3/2022 matrix page
    ("inpres.title", "Matriks Inpres 3/2022", "The Inpres 3/2022 matrix"),
    (
        "inpres.intro",
        "Siapa mengerjakan apa: area program, program, kegiatan, kementerian/lembaga penanggung jawab, dan variabel iBangga yang digerakkan tiap kegiatan. Matriks ini menjadi katalog kegiatan saat menyusun rencana aksi.",
        "Who does what: programme areas, programmes, activities, the responsible ministries and agencies, and the iBangga variables each activity moves. The matrix is the catalogue of activities when drafting an action plan.",
    ),
    ("inpres.activity", "Kegiatan", "Activity"),
    ("inpres.responsible", "Penanggung jawab", "Responsible"),
    ("inpres.variables", "Variabel iBangga", "iBangga variables"),
    ("inpres.extension", "perluasan", "extension"),
    (
        "inpres.extension_note",
        "bukan bagian matriks Inpres; ditambahkan agar setiap variabel iBangga punya penanggung jawab",
        "not in the Inpres matrix; added so that every iBangga variable has an owner",
    ),
    (
        "inpres.agencies",
        "Kementerian/lembaga dan perangkat daerahnya",
        "Ministries and agencies and their regional offices",
    ),
    ("inpres.agency", "Instansi", "Agency"),
    ("inpres.name", "Nama", "Name"),
    ("inpres.offices", "Perangkat daerah pelaksana", "Regional offices that carry the work"),
    ("inpres.source", "Sumber", "Source"),
    // Action plans
    ("plan.plans", "Rencana aksi", "Action plans"),
    (
        "plan.intro",
        "Rencana aksi lintas sektor Kampung KB per provinsi dan kabupaten/kota: disusun bersama instansi, diajukan, dan disetujui oleh koordinator (Bappeda atau dinas PPKB).",
        "Cross-sector Kampung KB action plans per province and kabupaten/kota: drafted with the agencies, submitted and approved by the coordinator (Bappeda or the family-planning office).",
    ),
    ("plan.region", "Wilayah", "Region"),
    ("plan.year", "Tahun", "Year"),
    ("plan.title", "Judul", "Title"),
    ("plan.show", "Tampilkan", "Show"),
    ("plan.all_regions", "Semua wilayah", "All regions"),
    ("plan.none", "Belum ada rencana aksi untuk pilihan ini.", "No action plan for this choice yet."),
    ("plan.status", "Status", "Status"),
    ("plan.items", "Kegiatan", "Items"),
    ("plan.budget", "Anggaran", "Budget"),
    ("plan.flagged", "Perlu perhatian", "Need attention"),
    ("plan.total", "Jumlah", "Total"),
    ("plan.new", "Rencana aksi baru", "New action plan"),
    ("plan.create", "Buat rencana", "Create plan"),
    ("plan.default_title", "Rencana aksi Kampung KB", "Kampung KB action plan"),
    ("plan.not_a_year", "bukan tahun", "is not a year"),
    ("plan.coordinator", "Koordinator", "Coordinator"),
    ("plan.status.draft", "Draf", "Draft"),
    ("plan.status.submitted", "Diajukan", "Submitted"),
    ("plan.status.approved", "Disetujui", "Approved"),
    ("plan.item_status.planned", "Direncanakan", "Planned"),
    ("plan.item_status.in_progress", "Berjalan", "In progress"),
    ("plan.item_status.done", "Selesai", "Done"),
    ("plan.item_status.stalled", "Terhenti", "Stalled"),
    ("plan.item_status.cancelled", "Dibatalkan", "Cancelled"),
    ("plan.source.apbn", "APBN", "State budget (APBN)"),
    ("plan.source.apbd_provinsi", "APBD provinsi", "Provincial budget (APBD)"),
    ("plan.source.apbd_kabupaten", "APBD kabupaten/kota", "Kabupaten/kota budget (APBD)"),
    ("plan.source.dana_desa", "Dana Desa", "Village fund (Dana Desa)"),
    ("plan.source.csr", "CSR", "Corporate (CSR)"),
    ("plan.source.swadaya", "Swadaya masyarakat", "Community funds"),
    ("plan.flag.late", "terlambat", "late"),
    ("plan.flag.stalled", "macet", "stalled"),
    ("plan.flag.not_started", "belum mulai", "not started"),
    ("plan.ok.create", "Rencana aksi dibuat.", "Action plan created."),
    ("plan.ok.submit", "Rencana diajukan; kegiatannya terkunci.", "Plan submitted; its items are locked."),
    (
        "plan.ok.approve",
        "Rencana disetujui. Instansi kini dapat melaporkan progres.",
        "Plan approved. Agencies can now report progress.",
    ),
    ("plan.ok.return", "Rencana dikembalikan untuk diperbaiki.", "Plan returned for changes."),
    ("plan.ok.reopen", "Rencana dibuka kembali; kegiatannya dapat diubah.", "Plan reopened; its items can change."),
    ("plan.ok.item_create", "Kegiatan ditambahkan.", "Item added."),
    ("plan.ok.item_update", "Kegiatan diperbarui.", "Item updated."),
    ("plan.ok.item_delete", "Kegiatan dihapus.", "Item removed."),
    ("plan.ok.progress", "Progres dilaporkan.", "Progress reported."),
    ("plan.refused", "Tidak disimpan:", "Not saved:"),
    ("plan.note", "Catatan", "Note"),
    ("plan.note_why", "Alasan", "Why"),
    (
        "plan.note_required",
        "Tulis alasan mengembalikan atau membuka kembali rencana.",
        "Say why the plan is returned or reopened.",
    ),
    ("plan.workflow", "Alur rencana", "Workflow"),
    ("plan.add_item", "Tambah kegiatan", "Add an item"),
    ("plan.step.submit", "Ajukan", "Submit"),
    ("plan.step.approve", "Setujui", "Approve"),
    ("plan.step.return", "Kembalikan", "Return"),
    ("plan.step.reopen", "Buka kembali", "Reopen"),
    ("plan.empty_note", "Rencana tanpa kegiatan tidak dapat diajukan.", "A plan without items cannot be submitted."),
    ("plan.no_items", "Rencana ini belum berisi kegiatan.", "This plan has no items yet."),
    ("plan.item", "Kegiatan", "Item"),
    ("plan.agencies", "Pelaksana", "Agencies"),
    ("plan.supporting", "Pendukung", "Supporting"),
    ("plan.villages", "Desa sasaran", "Target villages"),
    ("plan.region_wide", "Seluruh wilayah", "The whole region"),
    ("plan.and", "dan", "and"),
    ("plan.more_villages", "desa lainnya", "more villages"),
    ("plan.when", "Waktu", "When"),
    ("plan.output", "Indikator keluaran", "Output indicator"),
    ("plan.custom", "Kegiatan lain (di luar katalog)", "Other activity (not in the catalogue)"),
    ("plan.spent_short", "terpakai", "spent"),
    ("plan.edit", "Ubah", "Edit"),
    ("plan.delete", "Hapus", "Remove"),
    ("plan.report", "Lapor progres", "Report progress"),
    ("plan.by_area", "Anggaran per area program", "Budget by programme area"),
    ("plan.by_source", "Anggaran per sumber", "Budget by source"),
    ("plan.new_item", "Kegiatan baru", "New item"),
    ("plan.edit_item", "Ubah kegiatan", "Edit item"),
    (
        "plan.item_intro",
        "Pilih kegiatan dari katalog Inpres 3/2022 atau tulis kegiatan lain. Tanpa desa sasaran, kegiatan berlaku untuk seluruh wilayah rencana.",
        "Choose an activity from the Inpres 3/2022 catalogue or describe another one. Without target villages an item covers the plan's whole region.",
    ),
    (
        "plan.locked_submitted",
        "Rencana ini sudah diajukan: kegiatannya tidak dapat diubah sampai koordinator mengembalikannya.",
        "This plan is submitted: its items cannot change until the coordinator returns it.",
    ),
    (
        "plan.locked_approved",
        "Rencana ini sudah disetujui: kegiatannya tidak dapat diubah sampai koordinator membukanya kembali.",
        "This plan is approved: its items cannot change until the coordinator reopens it.",
    ),
    ("plan.custom_option", "— kegiatan lain (di luar katalog) —", "— another activity (not in the catalogue) —"),
    ("plan.area_from_activity", "— sesuai kegiatan katalog —", "— from the catalogue activity —"),
    ("plan.offices_of", "Perangkat daerah", "Offices of"),
    ("plan.national", "Kementerian/lembaga", "Ministries and agencies"),
    ("plan.s.what", "Kegiatan", "Activity"),
    ("plan.s.who", "Pelaksana", "Who"),
    ("plan.s.where", "Desa sasaran (kosong: seluruh wilayah)", "Target villages (none: the whole region)"),
    ("plan.s.when", "Waktu dan anggaran", "Time and budget"),
    ("plan.s.output", "Keluaran", "Output"),
    ("plan.f.activity", "Kegiatan katalog", "Catalogue activity"),
    ("plan.f.title", "Uraian kegiatan", "What is done"),
    ("plan.f.area", "Area program", "Programme area"),
    ("plan.f.functions", "Fungsi keluarga", "Family functions"),
    ("plan.f.variables", "Variabel iBangga sasaran", "iBangga variables targeted"),
    ("plan.f.responsible", "Penanggung jawab", "Responsible agency"),
    ("plan.f.supporting", "Pendukung", "Supporting"),
    ("plan.f.village_codes", "Kode desa/kelurahan (satu per baris)", "Village codes (one per line)"),
    ("plan.f.start", "Bulan mulai", "First month"),
    ("plan.f.end", "Bulan selesai", "Last month"),
    ("plan.f.budget", "Anggaran (Rp)", "Budget (Rp)"),
    ("plan.f.source", "Sumber anggaran", "Budget source"),
    ("plan.f.indicator", "Indikator keluaran", "Output indicator"),
    ("plan.f.target", "Target", "Target"),
    ("plan.f.unit", "Satuan", "Unit"),
    ("plan.f.status", "Status", "Status"),
    ("plan.f.date", "Tanggal", "Date"),
    ("plan.f.percent", "Capaian (%)", "Progress (%)"),
    ("plan.f.spent", "Anggaran terpakai (Rp)", "Budget spent (Rp)"),
    ("plan.f.note", "Catatan", "Note"),
    ("plan.f.evidence", "Bukti (tautan atau nomor dokumen)", "Evidence (a link or a document reference)"),
    ("plan.progress", "Progres", "Progress"),
    ("plan.progress_new", "Laporan progres baru", "New progress report"),
    ("plan.progress_history", "Riwayat progres", "Progress history"),
    ("plan.progress_none", "Belum ada laporan progres.", "No progress reported yet."),
    (
        "plan.progress_closed",
        "Progres dilaporkan setelah rencana disetujui.",
        "Progress is reported once the plan is approved.",
    ),
    ("plan.reported_by", "Pelapor", "Reported by"),
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
        let mut dirs = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        ];
        let mut missing = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
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
