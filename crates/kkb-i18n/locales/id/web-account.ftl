### Masuk, kata sandi, verifikasi dua langkah, token API dan permintaan yang ditolak.

web-nav-account = Akun

## Refused requests
web-error-step_required = Selesaikan login terlebih dahulu (verifikasi dua langkah).
web-reject-form = Isian formulir tidak dapat dibaca
web-reject-query = Parameter alamat (setelah tanda ?) tidak dapat dibaca
web-reject-path = Alamat halaman tidak valid
web-reject-json = Isi JSON tidak dapat dibaca
web-reject-multipart = Unggahan tidak dapat dibaca
web-reject-content_type = Jenis isi permintaan salah; kirim formulir dari halaman aplikasi
web-reject-too_large = Isi permintaan terlalu besar
web-reject-method = Alamat ini tidak menerima permintaan jenis ini
web-reject-other = Permintaan tidak dapat dibaca
web-reject-missing_field = isian «{ $f }» tidak ada
web-reject-not_a_number = isian «{ $f }» harus berupa angka
web-reject-bad_field = isian «{ $f }» tidak valid
web-reject-value_not_a_number = «{ $f }» bukan angka
web-reject-bad_value = «{ $f }» tidak valid
web-reject-hint = Muat ulang halaman lalu coba lagi.
web-redirect-refused = Alamat tujuan ditolak

## Passwords
web-password-too_short = Kata sandi terlalu pendek: minimal { $min } karakter, yang Anda ketik { $n }.
web-password-too_long = Kata sandi terlalu panjang: paling banyak { $max } karakter.
web-password-common = Kata sandi ini termasuk yang paling sering dipakai (atau hanya menambahkan angka/simbol padanya), sehingga mudah ditebak. Pilih rangkaian kata yang hanya Anda ketahui.
web-password-repetitive = Kata sandi ini hanya mengulang satu karakter atau pola pendek, sehingga mudah ditebak.
web-password-sequential = Kata sandi ini sebagian besar berupa urutan (1234…, abcd…, qwerty…), sehingga mudah ditebak.
web-password-contains_username = Kata sandi tidak boleh memuat nama pengguna.
web-password-hint = Minimal 12 karakter. Tidak ada aturan huruf besar, angka atau simbol: rangkaian beberapa kata yang mudah Anda ingat adalah pilihan yang baik. Kata sandi yang umum, berulang, berurutan atau memuat nama pengguna ditolak.

## Account pages
web-account-title = Akun
web-account-password = Ganti kata sandi
web-account-current = Kata sandi sekarang
web-account-new = Kata sandi baru
web-account-confirm = Ulangi kata sandi baru
web-account-save = Simpan
web-account-password_changed = Kata sandi diganti. Sesi lain akun ini telah diakhiri.
web-account-current_wrong = Kata sandi sekarang salah.
web-account-mismatch = Kedua isian kata sandi baru tidak sama.
web-account-tokens = Token API saya
web-account-tokens_note = Token bertindak atas nama Anda, dengan peran dan wilayah Anda, dan setiap pemakaiannya tercatat atas nama Anda. Hanya Anda yang dapat membuat token untuk akun Anda; administrator dapat mencabutnya.

## Admin
web-admin-tokens_note = Setiap pengguna membuat tokennya sendiri di halaman Akun. Di sini administrator melihat dan mencabut semua token.
web-admin-token_for_other = Administrator tidak dapat membuat token untuk pengguna lain: token bertindak atas nama pemiliknya, jadi pemilik membuatnya sendiri di halaman Akun.
web-admin-totp = Verifikasi dua langkah
web-admin-totp_reset = Atur ulang
web-admin-totp_reset_done = Verifikasi dua langkah pengguna diatur ulang; sesi-sesinya diakhiri.

## Second factor
web-2fa-title = Verifikasi dua langkah
web-2fa-intro = Setelah kata sandi, login meminta kode 6 angka dari aplikasi autentikator di ponsel (misalnya Google Authenticator, Microsoft Authenticator, FreeOTP atau Aegis).
web-2fa-start = Siapkan verifikasi dua langkah
web-2fa-scan = Pindai kode QR ini dengan aplikasi autentikator, atau ketik kuncinya di aplikasi:
web-2fa-key = Kunci
web-2fa-code = Kode 6 angka yang tampil di aplikasi
web-2fa-confirm = Konfirmasi
web-2fa-restart = Buat kunci baru
web-2fa-on = Verifikasi dua langkah aktif sejak
web-2fa-codes_left = Kode pemulihan tersisa
web-2fa-lost = Kehilangan ponsel? Masuk dengan kode pemulihan, lalu minta administrator mengatur ulang verifikasi dua langkah Anda.
web-2fa-codes_title = Kode pemulihan
web-2fa-codes_once = Simpan kode-kode ini sekarang (cetak atau tulis) di tempat yang aman: masing-masing dapat dipakai sekali bila ponsel hilang. Kode ini tidak akan ditampilkan lagi.
web-2fa-required = Operator mewajibkan verifikasi dua langkah untuk peran Anda. Siapkan sekarang untuk melanjutkan.
web-2fa-not_for_role = Verifikasi dua langkah tersedia untuk administrator serta pengguna provinsi dan kabupaten/kota.
web-2fa-confirm_failed = Kode salah. Pastikan jam ponsel tepat, lalu masukkan kode yang sedang tampil.
web-2fa-done = Verifikasi dua langkah aktif.
web-2fa-already_on = Verifikasi dua langkah akun ini sudah aktif. Jika ponsel Anda hilang, minta administrator menghapusnya.
web-2fa-continue = Lanjutkan
web-login-code_title = Verifikasi dua langkah
web-login-code_label = Kode 6 angka dari aplikasi autentikator, atau kode pemulihan
web-login-code_submit = Verifikasi
web-login-code_failed = Kode salah atau kedaluwarsa. Periksa jam ponsel Anda dan masukkan kode yang sedang tampil.
web-login-code_replayed = Kode ini sudah dipakai. Tunggu kode berikutnya di aplikasi (paling lama 30 detik).
