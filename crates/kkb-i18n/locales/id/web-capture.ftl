### Server formulir OpenRosa (ODK Collect) dan halaman kiriman dari HP.

## The protocol's refusals (what ODK Collect shows the cadre).
web-or-login = Masuk dengan nama pengguna dan kata sandi Anda.
web-or-wrong_password = Nama pengguna atau kata sandi salah. Periksa pengaturan server di ODK Collect.
web-or-basic_https = Kata sandi hanya boleh dikirim lewat HTTPS: pakai alamat server https://, atau Digest.
web-or-digest_missing = Akun ini belum siap untuk Digest: masuk sekali di situs web dengan kata sandi ini, lalu coba lagi.
web-or-not_found = Formulir atau berkas ini tidak ada untuk akun Anda.
web-or-rejected = Permintaan ini tidak dapat dilayani server formulir (kode { $status }); perbarui aplikasi atau hubungi petugas.
web-or-internal = Server sedang bermasalah; coba kirim lagi nanti.
web-or-version = Versi OpenRosa { $v } tidak didukung: server ini memakai OpenRosa 1.0.
web-or-too_large = Kiriman terlalu besar: paling besar { $mb } MB. Kurangi atau perkecil foto lampiran.
web-or-not_multipart = Kiriman tidak terbaca ({ $detail }): kirim dari ODK Collect atau Enketo.
web-or-no_instance = Kiriman tidak berisi formulir (bagian xml_submission_file): kirim ulang dari ODK Collect.
web-or-not_xml = Isi formulir rusak (bukan XML: { $detail }). Buka formulir di HP, simpan lagi, lalu kirim ulang.
web-or-unknown_form = Formulir ini tidak dikenal server ({ $detail }). Unduh formulir terbaru (Ambil Formulir Kosong).
web-or-wrong_root = Isi formulir tidak cocok dengan formulirnya ({ $detail }). Unduh formulir terbaru dan isi ulang.
web-or-unknown_version = Versi formulir ini tidak dikenal server ({ $detail }). Unduh formulir terbaru (Ambil Formulir Kosong).
web-or-no_instance_id = Formulir tanpa nomor kiriman (meta/instanceID): kirim dari ODK Collect.

## Answers to a submission.
web-cap-r-family = Terima kasih. Data keluarga { $id } tersimpan.
web-cap-r-assigned = Terima kasih. Keluarga baru tersimpan dengan nomor { $id }: tulis nomor ini di formulir kertas.
web-cap-r-report = Terima kasih. Laporan bulan { $month } tersimpan.
web-cap-r-review = Kiriman diterima dan menunggu pemeriksaan petugas ({ $n } hal): { $first } Tidak perlu dikirim ulang.
web-cap-r-dup_applied = Kiriman ini sudah diterima dan disimpan sebelumnya; tidak ada yang berubah.
web-cap-r-dup_review = Kiriman ini sudah diterima sebelumnya dan menunggu pemeriksaan petugas.
web-cap-r-dup_rejected = Kiriman ini sudah diterima sebelumnya dan ditolak petugas: { $note }
web-cap-r-outside = Desa { $village } di luar wilayah Anda: kirim formulir hanya untuk desa di wilayah Anda.
web-cap-r-role = Peran Anda tidak boleh mengirim formulir ini untuk desa ini.

## Problems.
web-cap-p-stale = Keluarga ini sudah diubah sejak salinan di HP (versi { $sent } di HP, versi { $stored } tersimpan): petugas membandingkan dan memutuskan.
web-cap-p-family_missing = Keluarga ini tidak terdaftar di desa dan putaran ini.
web-cap-p-family_exists = ID keluarga ini sudah dipakai keluarga lain di desa dan putaran ini.
web-cap-p-round_closed = Putaran PK { $year } tidak menerima kiriman.
web-cap-p-village = Kode desa tidak dikenal: pilih desa dari daftar.
web-cap-p-report_exists = Laporan bulan { $month } Kampung KB ini sudah ada: petugas memutuskan apakah diganti.
web-cap-p-no_kampung = Desa ini belum punya Kampung KB.
web-cap-p-failed = Server belum dapat menyimpan kiriman ini; kiriman tetap tersimpan dan diperiksa petugas.

## Pages.
web-cap-nav_mine = Kiriman HP
web-cap-queue_title = Antrean pemeriksaan kiriman HP
web-cap-queue_intro = Kiriman dari ODK Collect yang tidak dapat disimpan langsung menunggu di sini: bandingkan dengan data tersimpan, lalu terapkan, koreksi atau tolak.
web-cap-mine_title = Kiriman saya
web-cap-mine_intro = Formulir yang Anda kirim dari HP dan nasibnya: tersimpan, menunggu pemeriksaan, dikoreksi atau ditolak.
web-cap-none = Tidak ada kiriman dengan saringan ini.
web-cap-none_mine = Anda belum mengirim formulir dari HP.
web-cap-submission = Kiriman
web-cap-submissions = kiriman
web-cap-status = Status
web-cap-form = Formulir
web-cap-all_forms = Semua formulir
web-cap-village = Desa
web-cap-all_villages = Semua desa
web-cap-filter = Saring
web-cap-received = Diterima
web-cap-sent_by = Pengirim
web-cap-problems = Masalah
web-cap-why = Keterangan
web-cap-note = Catatan
web-cap-field = Isian
web-cap-sent = Dikirim
web-cap-stored_version = Tersimpan, versi
web-cap-stored_report = Laporan tersimpan
web-cap-nothing_stored = Tersimpan (belum ada)
web-cap-family = Keluarga
web-cap-member = Anggota
web-cap-left = tidak ada di kiriman (keluar/meninggal)
web-cap-report = Laporan bulanan
web-cap-kept = (tetap, tidak diubah)
web-cap-apply = Terapkan
web-cap-correct = Koreksi
web-cap-reject = Tolak
web-cap-decide_note = Terapkan: simpan kiriman apa adanya di atas data tersimpan (aturan PK tetap diperiksa). Koreksi: ubah isiannya dulu. Tolak: tidak disimpan; catatan dibaca pengirim.
web-cap-correct_title = Koreksi kiriman
web-cap-decided = Kiriman ini sudah diputuskan.
web-cap-note_needed = Tulis catatan alasan penolakan.
web-cap-ok_applied = Kiriman diterapkan dan tersimpan.
web-cap-ok_still = Kiriman masih melanggar aturan: lihat masalahnya, lalu koreksi atau tolak.
web-cap-ok_rejected = Kiriman ditolak.
web-cap-ok_corrected = Koreksi tersimpan.
web-cap-s-received = Diterima
web-cap-s-applied = Tersimpan
web-cap-s-review = Menunggu pemeriksaan
web-cap-s-corrected = Dikoreksi
web-cap-s-rejected = Ditolak
web-cap-s-replaced = Diganti kiriman baru
web-cap-s-all = Semua

## Phone set-up.
web-cap-setup_link = Pasang HP (ODK Collect)
web-cap-setup_title = Pasang HP untuk pendataan tanpa sinyal
web-cap-setup_intro = Kader mengisi formulir PK dan laporan Kampung KB di aplikasi ODK Collect, tanpa sinyal, lalu mengirimnya saat ada sinyal. Pasang sekali per HP.
web-cap-setup_user = Akun
web-cap-setup_show = Tampilkan
web-cap-setup_qr = Kode QR pengaturan ODK Collect
web-cap-setup_no_password = Kode QR ini tidak berisi kata sandi: kode QR sering difoto dan dibagikan. Kader mengetik kata sandinya sendiri sekali di HP.
web-cap-setup_manual = Atau isi sendiri
web-cap-setup_url = URL server
web-cap-setup_username = Nama pengguna
web-cap-setup_password = Kata sandi
web-cap-setup_password_note = kata sandi akun ini (sama dengan untuk masuk ke situs)
web-cap-setup_http = Alamat ini bukan HTTPS: HP masuk dengan Digest (kata sandi tidak dikirim). Untuk Basic, pasang server di belakang HTTPS.
web-cap-setup_steps = Langkah demi langkah
web-cap-step1 = Pasang ODK Collect (gratis) dari Google Play Store di HP Android.
web-cap-step2 = Buka ODK Collect, pilih “Konfigurasi dengan kode QR” (Configure with QR code), lalu pindai kode QR di atas. Atau pilih “Konfigurasi manual” dan isi URL server dan nama pengguna.
web-cap-step3 = Di Pengaturan proyek → Server, ketik kata sandi akun.
web-cap-step4 = Pilih “Unduh formulir” (Download form) dan unduh semua formulir: daftar desa dan keluarga ikut terunduh. Ulangi sebelum berangkat agar daftar keluarga terbaru.
web-cap-step5 = Isi formulir di rumah keluarga, tanpa sinyal. Tandai “Selesai”, lalu “Kirim formulir” saat ada sinyal.
web-cap-step6 = Lihat nasib kiriman di halaman Kiriman saya: tersimpan, menunggu pemeriksaan petugas, dikoreksi atau ditolak.
