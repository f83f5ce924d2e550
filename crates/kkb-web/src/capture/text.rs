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
    (
        "or.rejected",
        "Permintaan ini tidak dapat dilayani server formulir (kode {status}); perbarui aplikasi atau hubungi petugas.",
        "The form server cannot serve this request (status {status}); update the app or ask your officer.",
    ),
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
    // Pages.
    ("cap.nav_mine", "Kiriman HP", "Phone submissions"),
    ("cap.queue_title", "Antrean pemeriksaan kiriman HP", "Review queue of phone submissions"),
    (
        "cap.queue_intro",
        "Kiriman dari ODK Collect yang tidak dapat disimpan langsung menunggu di sini: bandingkan dengan data \
         tersimpan, lalu terapkan, koreksi atau tolak.",
        "Submissions from ODK Collect that could not be saved directly wait here: compare them with the stored \
         data, then apply, correct or reject them.",
    ),
    ("cap.mine_title", "Kiriman saya", "My submissions"),
    (
        "cap.mine_intro",
        "Formulir yang Anda kirim dari HP dan nasibnya: tersimpan, menunggu pemeriksaan, dikoreksi atau ditolak.",
        "The forms you sent from a phone and their fate: saved, waiting for review, corrected or rejected.",
    ),
    ("cap.none", "Tidak ada kiriman dengan saringan ini.", "No submission matches these filters."),
    ("cap.none_mine", "Anda belum mengirim formulir dari HP.", "You have not sent a form from a phone yet."),
    ("cap.submission", "Kiriman", "Submission"),
    ("cap.submissions", "kiriman", "submission(s)"),
    ("cap.status", "Status", "Status"),
    ("cap.form", "Formulir", "Form"),
    ("cap.all_forms", "Semua formulir", "All forms"),
    ("cap.village", "Desa", "Village"),
    ("cap.all_villages", "Semua desa", "All villages"),
    ("cap.filter", "Saring", "Filter"),
    ("cap.received", "Diterima", "Received"),
    ("cap.sent_by", "Pengirim", "Sent by"),
    ("cap.problems", "Masalah", "Problems"),
    ("cap.why", "Keterangan", "Details"),
    ("cap.note", "Catatan", "Note"),
    ("cap.field", "Isian", "Field"),
    ("cap.sent", "Dikirim", "Sent"),
    ("cap.stored_version", "Tersimpan, versi", "Stored, version"),
    ("cap.stored_report", "Laporan tersimpan", "Stored report"),
    ("cap.nothing_stored", "Tersimpan (belum ada)", "Stored (nothing yet)"),
    ("cap.family", "Keluarga", "Family"),
    ("cap.member", "Anggota", "Member"),
    ("cap.left", "tidak ada di kiriman (keluar/meninggal)", "not in the submission (left or died)"),
    ("cap.report", "Laporan bulanan", "Monthly report"),
    ("cap.kept", "(tetap, tidak diubah)", "(kept, unchanged)"),
    ("cap.apply", "Terapkan", "Apply"),
    ("cap.correct", "Koreksi", "Correct"),
    ("cap.reject", "Tolak", "Reject"),
    (
        "cap.decide_note",
        "Terapkan: simpan kiriman apa adanya di atas data tersimpan (aturan PK tetap diperiksa). Koreksi: ubah isiannya \
         dulu. Tolak: tidak disimpan; catatan dibaca pengirim.",
        "Apply: save the submission as sent over the stored data (the PK rules are still checked). Correct: change \
         its values first. Reject: nothing is saved; the sender reads the note.",
    ),
    ("cap.correct_title", "Koreksi kiriman", "Correct submission"),
    ("cap.decided", "Kiriman ini sudah diputuskan.", "This submission has been decided already."),
    ("cap.note_needed", "Tulis catatan alasan penolakan.", "Write a note saying why it is rejected."),
    ("cap.ok_applied", "Kiriman diterapkan dan tersimpan.", "The submission was applied and saved."),
    (
        "cap.ok_still",
        "Kiriman masih melanggar aturan: lihat masalahnya, lalu koreksi atau tolak.",
        "The submission still breaks a rule: see the problems, then correct or reject it.",
    ),
    ("cap.ok_rejected", "Kiriman ditolak.", "The submission was rejected."),
    ("cap.ok_corrected", "Koreksi tersimpan.", "The correction was saved."),
    ("cap.s.received", "Diterima", "Received"),
    ("cap.s.applied", "Tersimpan", "Applied"),
    ("cap.s.review", "Menunggu pemeriksaan", "Waiting for review"),
    ("cap.s.corrected", "Dikoreksi", "Corrected"),
    ("cap.s.rejected", "Ditolak", "Rejected"),
    ("cap.s.replaced", "Diganti kiriman baru", "Replaced by a new send"),
    ("cap.s.all", "Semua", "All"),
    // Phone set-up.
    ("cap.setup_link", "Pasang HP (ODK Collect)", "Set a phone up (ODK Collect)"),
    ("cap.setup_title", "Pasang HP untuk pendataan tanpa sinyal", "Set a phone up for offline data collection"),
    (
        "cap.setup_intro",
        "Kader mengisi formulir PK dan laporan Kampung KB di aplikasi ODK Collect, tanpa sinyal, lalu mengirimnya \
         saat ada sinyal. Pasang sekali per HP.",
        "Cadres fill the PK forms and the Kampung KB report in the ODK Collect app, with no signal, and send them \
         when there is signal. Set each phone up once.",
    ),
    ("cap.setup_user", "Akun", "Account"),
    ("cap.setup_show", "Tampilkan", "Show"),
    ("cap.setup_qr", "Kode QR pengaturan ODK Collect", "ODK Collect settings QR code"),
    (
        "cap.setup_no_password",
        "Kode QR ini tidak berisi kata sandi: kode QR sering difoto dan dibagikan. Kader mengetik kata sandinya \
         sendiri sekali di HP.",
        "This QR code holds no password: QR codes get photographed and shared. The cadre types her own password \
         once on the phone.",
    ),
    ("cap.setup_manual", "Atau isi sendiri", "Or type it in"),
    ("cap.setup_url", "URL server", "Server URL"),
    ("cap.setup_username", "Nama pengguna", "Username"),
    ("cap.setup_password", "Kata sandi", "Password"),
    (
        "cap.setup_password_note",
        "kata sandi akun ini (sama dengan untuk masuk ke situs)",
        "this account's password (the same as for the website)",
    ),
    (
        "cap.setup_http",
        "Alamat ini bukan HTTPS: HP masuk dengan Digest (kata sandi tidak dikirim). Untuk Basic, pasang server di \
         belakang HTTPS.",
        "This address is not HTTPS: phones log in with Digest (the password is not sent). For Basic, serve behind \
         HTTPS.",
    ),
    ("cap.setup_steps", "Langkah demi langkah", "Step by step"),
    (
        "cap.step1",
        "Pasang ODK Collect (gratis) dari Google Play Store di HP Android.",
        "Install ODK Collect (free) from the Google Play Store on the Android phone.",
    ),
    (
        "cap.step2",
        "Buka ODK Collect, pilih \u{201c}Konfigurasi dengan kode QR\u{201d} (Configure with QR code), lalu pindai \
         kode QR di atas. Atau pilih \u{201c}Konfigurasi manual\u{201d} dan isi URL server dan nama pengguna.",
        "Open ODK Collect, choose \u{201c}Configure with QR code\u{201d} and scan the QR code above. Or choose \
         \u{201c}Manually configure\u{201d} and type the server URL and username.",
    ),
    (
        "cap.step3",
        "Di Pengaturan proyek → Server, ketik kata sandi akun.",
        "In Project settings → Server, type the account's password.",
    ),
    (
        "cap.step4",
        "Pilih \u{201c}Unduh formulir\u{201d} (Download form) dan unduh semua formulir: daftar desa dan keluarga ikut \
         terunduh. Ulangi sebelum berangkat agar daftar keluarga terbaru.",
        "Choose \u{201c}Download form\u{201d} and download every form: the village and family lists come with them. \
         Repeat before going out so the family list is current.",
    ),
    (
        "cap.step5",
        "Isi formulir di rumah keluarga, tanpa sinyal. Tandai \u{201c}Selesai\u{201d}, lalu \u{201c}Kirim formulir\u{201d} \
         saat ada sinyal.",
        "Fill the forms at the families' homes, with no signal. Mark them \u{201c}Finalized\u{201d}, then \
         \u{201c}Send finalized form\u{201d} when there is signal.",
    ),
    (
        "cap.step6",
        "Lihat nasib kiriman di halaman Kiriman saya: tersimpan, menunggu pemeriksaan petugas, dikoreksi atau ditolak.",
        "See the fate of what was sent on the My submissions page: saved, waiting for review, corrected or rejected.",
    ),
];

/// (Indonesian, English) by key.
pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    MESSAGES.iter().find(|(k, _, _)| *k == key).map(|(_, id, en)| (*id, *en))
}
