//! Messages of logging in, passwords, the second factor, API tokens and refused requests (kept apart from the
//! main table so that they read as one area).

/// (key, Indonesian, English).
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("nav.account", "Akun", "Account"),
    // Refused requests
    (
        "error.step_required",
        "Selesaikan login terlebih dahulu (verifikasi dua langkah).",
        "Finish logging in first (two-step verification).",
    ),
    ("reject.form", "Isian formulir tidak dapat dibaca", "The form could not be read"),
    (
        "reject.query",
        "Parameter alamat (setelah tanda ?) tidak dapat dibaca",
        "The query parameters (after ?) could not be read",
    ),
    ("reject.path", "Alamat halaman tidak valid", "The page address is not valid"),
    ("reject.json", "Isi JSON tidak dapat dibaca", "The JSON body could not be read"),
    ("reject.multipart", "Unggahan tidak dapat dibaca", "The upload could not be read"),
    (
        "reject.content_type",
        "Jenis isi permintaan salah; kirim formulir dari halaman aplikasi",
        "Wrong content type; send the form from the application's page",
    ),
    ("reject.too_large", "Isi permintaan terlalu besar", "The request body is too large"),
    (
        "reject.method",
        "Alamat ini tidak menerima permintaan jenis ini",
        "This address does not accept this kind of request",
    ),
    ("reject.other", "Permintaan tidak dapat dibaca", "The request could not be read"),
    ("reject.missing_field", "isian «{f}» tidak ada", "the field «{f}» is missing"),
    ("reject.not_a_number", "isian «{f}» harus berupa angka", "the field «{f}» must be a number"),
    ("reject.bad_field", "isian «{f}» tidak valid", "the field «{f}» is not valid"),
    ("reject.value_not_a_number", "«{f}» bukan angka", "«{f}» is not a number"),
    ("reject.bad_value", "«{f}» tidak valid", "«{f}» is not valid"),
    ("reject.hint", "Muat ulang halaman lalu coba lagi.", "Reload the page and try again."),
    ("redirect.refused", "Alamat tujuan ditolak", "Target address refused"),
    // Passwords
    (
        "password.too_short",
        "Kata sandi terlalu pendek: minimal {min} karakter, yang Anda ketik {n}.",
        "The password is too short: at least {min} characters; you typed {n}.",
    ),
    (
        "password.too_long",
        "Kata sandi terlalu panjang: paling banyak {max} karakter.",
        "The password is too long: at most {max} characters.",
    ),
    (
        "password.common",
        "Kata sandi ini termasuk yang paling sering dipakai (atau hanya menambahkan angka/simbol padanya), sehingga mudah ditebak. Pilih rangkaian kata yang hanya Anda ketahui.",
        "This password is one of the most used ones (or one with digits or symbols added), so it is easy to guess. Choose a string of words only you know.",
    ),
    (
        "password.repetitive",
        "Kata sandi ini hanya mengulang satu karakter atau pola pendek, sehingga mudah ditebak.",
        "This password only repeats one character or a short pattern, so it is easy to guess.",
    ),
    (
        "password.sequential",
        "Kata sandi ini sebagian besar berupa urutan (1234…, abcd…, qwerty…), sehingga mudah ditebak.",
        "This password is mostly a sequence (1234…, abcd…, qwerty…), so it is easy to guess.",
    ),
    (
        "password.contains_username",
        "Kata sandi tidak boleh memuat nama pengguna.",
        "The password must not contain the username.",
    ),
    (
        "password.hint",
        "Minimal 12 karakter. Tidak ada aturan huruf besar, angka atau simbol: rangkaian beberapa kata yang mudah Anda ingat adalah pilihan yang baik. Kata sandi yang umum, berulang, berurutan atau memuat nama pengguna ditolak.",
        "At least 12 characters. No rules about capitals, digits or symbols: a few words you remember easily make a good password. Common, repetitive or sequential passwords and passwords containing the username are refused.",
    ),
    // Account pages
    ("account.title", "Akun", "Account"),
    ("account.password", "Ganti kata sandi", "Change password"),
    ("account.current", "Kata sandi sekarang", "Current password"),
    ("account.new", "Kata sandi baru", "New password"),
    ("account.confirm", "Ulangi kata sandi baru", "Repeat the new password"),
    ("account.save", "Simpan", "Save"),
    (
        "account.password_changed",
        "Kata sandi diganti. Sesi lain akun ini telah diakhiri.",
        "Password changed. The account's other sessions have been ended.",
    ),
    ("account.current_wrong", "Kata sandi sekarang salah.", "The current password is wrong."),
    ("account.mismatch", "Kedua isian kata sandi baru tidak sama.", "The two new passwords differ."),
    ("account.tokens", "Token API saya", "My API tokens"),
    (
        "account.tokens_note",
        "Token bertindak atas nama Anda, dengan peran dan wilayah Anda, dan setiap pemakaiannya tercatat atas nama Anda. Hanya Anda yang dapat membuat token untuk akun Anda; administrator dapat mencabutnya.",
        "A token acts as you, with your role and region, and every use is recorded as you. Only you can create tokens for your account; administrators can revoke them.",
    ),
    // Admin
    (
        "admin.tokens_note",
        "Setiap pengguna membuat tokennya sendiri di halaman Akun. Di sini administrator melihat dan mencabut semua token.",
        "Every user creates their own tokens on the Account page. Here administrators see and revoke every token.",
    ),
    (
        "admin.token_for_other",
        "Administrator tidak dapat membuat token untuk pengguna lain: token bertindak atas nama pemiliknya, jadi pemilik membuatnya sendiri di halaman Akun.",
        "Administrators cannot create tokens for other users: a token acts as its owner, so the owner creates it on the Account page.",
    ),
    ("admin.totp", "Verifikasi dua langkah", "Two-step verification"),
    ("admin.totp_reset", "Atur ulang", "Reset"),
    (
        "admin.totp_reset_done",
        "Verifikasi dua langkah pengguna diatur ulang; sesi-sesinya diakhiri.",
        "The user's two-step verification was reset; their sessions were ended.",
    ),
    // Second factor
    ("2fa.title", "Verifikasi dua langkah", "Two-step verification"),
    (
        "2fa.intro",
        "Setelah kata sandi, login meminta kode 6 angka dari aplikasi autentikator di ponsel (misalnya Google Authenticator, Microsoft Authenticator, FreeOTP atau Aegis).",
        "After the password, logging in asks for a 6-digit code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, FreeOTP or Aegis, for example).",
    ),
    ("2fa.start", "Siapkan verifikasi dua langkah", "Set up two-step verification"),
    (
        "2fa.scan",
        "Pindai kode QR ini dengan aplikasi autentikator, atau ketik kuncinya di aplikasi:",
        "Scan this QR code with the authenticator app, or type the key into the app:",
    ),
    ("2fa.key", "Kunci", "Key"),
    ("2fa.code", "Kode 6 angka yang tampil di aplikasi", "The 6-digit code the app shows"),
    ("2fa.confirm", "Konfirmasi", "Confirm"),
    ("2fa.restart", "Buat kunci baru", "Make a new key"),
    ("2fa.on", "Verifikasi dua langkah aktif sejak", "Two-step verification is on since"),
    ("2fa.codes_left", "Kode pemulihan tersisa", "Recovery codes left"),
    (
        "2fa.lost",
        "Kehilangan ponsel? Masuk dengan kode pemulihan, lalu minta administrator mengatur ulang verifikasi dua langkah Anda.",
        "Lost your phone? Log in with a recovery code, then ask an administrator to reset your two-step verification.",
    ),
    ("2fa.codes_title", "Kode pemulihan", "Recovery codes"),
    (
        "2fa.codes_once",
        "Simpan kode-kode ini sekarang (cetak atau tulis) di tempat yang aman: masing-masing dapat dipakai sekali bila ponsel hilang. Kode ini tidak akan ditampilkan lagi.",
        "Keep these codes now (print or write them down) somewhere safe: each can be used once if the phone is lost. They will not be shown again.",
    ),
    (
        "2fa.required",
        "Operator mewajibkan verifikasi dua langkah untuk peran Anda. Siapkan sekarang untuk melanjutkan.",
        "The operator requires two-step verification for your role. Set it up now to continue.",
    ),
    (
        "2fa.not_for_role",
        "Verifikasi dua langkah tersedia untuk administrator serta pengguna provinsi dan kabupaten/kota.",
        "Two-step verification is available to administrators and province and regency/city users.",
    ),
    (
        "2fa.confirm_failed",
        "Kode salah. Pastikan jam ponsel tepat, lalu masukkan kode yang sedang tampil.",
        "Wrong code. Make sure the phone's clock is right, then enter the code shown now.",
    ),
    ("2fa.done", "Verifikasi dua langkah aktif.", "Two-step verification is on."),
    (
        "2fa.already_on",
        "Verifikasi dua langkah akun ini sudah aktif. Jika ponsel Anda hilang, minta administrator menghapusnya.",
        "Two-step verification is already on for this account. If you lost your phone, ask an administrator to remove it.",
    ),
    ("2fa.continue", "Lanjutkan", "Continue"),
    ("login.code_title", "Verifikasi dua langkah", "Two-step verification"),
    (
        "login.code_label",
        "Kode 6 angka dari aplikasi autentikator, atau kode pemulihan",
        "The 6-digit code from your authenticator app, or a recovery code",
    ),
    ("login.code_submit", "Verifikasi", "Verify"),
    (
        "login.code_failed",
        "Kode salah atau kedaluwarsa. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil.",
        "Wrong or expired code. Check your phone's clock and enter the code shown now.",
    ),
    (
        "login.code_replayed",
        "Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi (paling lama 30 detik).",
        "This code has already been used. Wait for the next code in the app (30 seconds at most).",
    ),
];
