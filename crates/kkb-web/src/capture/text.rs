//! The messages of the OpenRosa server and the capture pages, (key, Bahasa Indonesia, English), looked up by
//! [`crate::i18n::Lang::t`] after the main table. Kept apart so that the two tables merge without conflicts; the
//! move to Fluent files takes both.

/// Every capture message.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    // The protocol's refusals (what ODK Collect shows the cadre).
    ("or.login", "Masuk dengan nama pengguna dan kata sandi Anda.", "Log in with your username and password."),
    (
        "or.wrong_password",
        "Nama pengguna atau kata sandi salah. Periksa pengaturan server di ODK Collect.",
        "Wrong username or password. Check the server settings in ODK Collect.",
    ),
    (
        "or.basic_https",
        "Kata sandi hanya boleh dikirim lewat HTTPS: pakai alamat server https://, atau Digest.",
        "A password may only be sent over HTTPS: use the https:// server address, or Digest.",
    ),
    (
        "or.digest_missing",
        "Akun ini belum siap untuk Digest: masuk sekali di situs web dengan kata sandi ini, lalu coba lagi.",
        "This account is not ready for Digest yet: log in once on the website with this password, then try again.",
    ),
    ("or.not_found", "Formulir atau berkas ini tidak ada untuk akun Anda.", "No such form or file for your account."),
    ("or.internal", "Server sedang bermasalah; coba kirim lagi nanti.", "The server has a problem; try sending later."),
    (
        "or.version",
        "Versi OpenRosa {v} tidak didukung: server ini memakai OpenRosa 1.0.",
        "OpenRosa version {v} is not supported: this server speaks OpenRosa 1.0.",
    ),
    (
        "or.too_large",
        "Kiriman terlalu besar: paling besar {mb} MB. Kurangi atau perkecil foto lampiran.",
        "The submission is too large: at most {mb} MB. Attach fewer or smaller photos.",
    ),
    (
        "or.not_multipart",
        "Kiriman tidak terbaca ({detail}): kirim dari ODK Collect atau Enketo.",
        "The submission cannot be read ({detail}): send it from ODK Collect or Enketo.",
    ),
    (
        "or.no_instance",
        "Kiriman tidak berisi formulir (bagian xml_submission_file): kirim ulang dari ODK Collect.",
        "The submission holds no form (part xml_submission_file): send it again from ODK Collect.",
    ),
    (
        "or.not_xml",
        "Isi formulir rusak (bukan XML: {detail}). Buka formulir di HP, simpan lagi, lalu kirim ulang.",
        "The form's content is damaged (not XML: {detail}). Open the form on the phone, save it again and resend.",
    ),
    (
        "or.unknown_form",
        "Formulir ini tidak dikenal server ({detail}). Unduh formulir terbaru (Ambil Formulir Kosong).",
        "This server does not know this form ({detail}). Download the latest forms (Get Blank Form).",
    ),
    (
        "or.wrong_root",
        "Isi formulir tidak cocok dengan formulirnya ({detail}). Unduh formulir terbaru dan isi ulang.",
        "The form's content does not match its form ({detail}). Download the latest form and fill it again.",
    ),
    (
        "or.unknown_version",
        "Versi formulir ini tidak dikenal server ({detail}). Unduh formulir terbaru (Ambil Formulir Kosong).",
        "This version of the form is unknown to the server ({detail}). Download the latest forms (Get Blank Form).",
    ),
    (
        "or.no_instance_id",
        "Formulir tanpa nomor kiriman (meta/instanceID): kirim dari ODK Collect.",
        "The form has no submission id (meta/instanceID): send it from ODK Collect.",
    ),
    // Answers to a submission.
    ("cap.r.family", "Terima kasih. Data keluarga {id} tersimpan.", "Thank you. Family {id} is saved."),
    (
        "cap.r.assigned",
        "Terima kasih. Keluarga baru tersimpan dengan nomor {id}: tulis nomor ini di formulir kertas.",
        "Thank you. The new family is saved as number {id}: write this number on the paper form.",
    ),
    ("cap.r.report", "Terima kasih. Laporan bulan {month} tersimpan.", "Thank you. The report of {month} is saved."),
    (
        "cap.r.review",
        "Kiriman diterima dan menunggu pemeriksaan petugas ({n} hal): {first} Tidak perlu dikirim ulang.",
        "Received; it waits for review by an officer ({n} issue(s)): {first} No need to send it again.",
    ),
    (
        "cap.r.dup_applied",
        "Kiriman ini sudah diterima dan disimpan sebelumnya; tidak ada yang berubah.",
        "This submission was received and saved before; nothing changed.",
    ),
    (
        "cap.r.dup_review",
        "Kiriman ini sudah diterima sebelumnya dan menunggu pemeriksaan petugas.",
        "This submission was received before and waits for review.",
    ),
    (
        "cap.r.dup_rejected",
        "Kiriman ini sudah diterima sebelumnya dan ditolak petugas: {note}",
        "This submission was received before and rejected by an officer: {note}",
    ),
    (
        "cap.r.outside",
        "Desa {village} di luar wilayah Anda: kirim formulir hanya untuk desa di wilayah Anda.",
        "Village {village} is outside your region: send forms only for villages in your region.",
    ),
    (
        "cap.r.role",
        "Peran Anda tidak boleh mengirim formulir ini untuk desa ini.",
        "Your role may not send this form for this village.",
    ),
    // Problems.
    (
        "cap.p.stale",
        "Keluarga ini sudah diubah sejak salinan di HP (versi {sent} di HP, versi {stored} tersimpan): petugas \
         membandingkan dan memutuskan.",
        "The family changed since the phone's copy (version {sent} on the phone, {stored} stored): an officer \
         compares and decides.",
    ),
    (
        "cap.p.family_missing",
        "Keluarga ini tidak terdaftar di desa dan putaran ini.",
        "This family is not registered in this village and round.",
    ),
    (
        "cap.p.family_exists",
        "ID keluarga ini sudah dipakai keluarga lain di desa dan putaran ini.",
        "This family id is already used by another family in this village and round.",
    ),
    ("cap.p.round_closed", "Putaran PK {year} tidak menerima kiriman.", "The PK round {year} takes no submissions."),
    (
        "cap.p.village",
        "Kode desa tidak dikenal: pilih desa dari daftar.",
        "Unknown village code: pick it from the list.",
    ),
    (
        "cap.p.report_exists",
        "Laporan bulan {month} Kampung KB ini sudah ada: petugas memutuskan apakah diganti.",
        "The report of {month} of this Kampung KB exists already: an officer decides whether to replace it.",
    ),
    ("cap.p.no_kampung", "Desa ini belum punya Kampung KB.", "This village has no Kampung KB."),
    (
        "cap.p.failed",
        "Server belum dapat menyimpan kiriman ini; kiriman tetap tersimpan dan diperiksa petugas.",
        "The server could not apply this submission yet; it is kept and an officer reviews it.",
    ),
];

/// (Indonesian, English) by key.
pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    MESSAGES.iter().find(|(k, _, _)| *k == key).map(|(_, id, en)| (*id, *en))
}
