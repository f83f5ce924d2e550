import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** The scenarios, on the sample media in ../media (two villages, three stored families; synthetic data). */
final class Cases {
    private Cases() {}

    static List<FormsTest.Case> all() {
        List<FormsTest.Case> c = new ArrayList<>();
        c.add(new FormsTest.Case("pk-keluarga: a valid family gives the contract's layout", Cases::keluargaLayout));
        c.add(new FormsTest.Case("pk-keluarga: NIK date block against the birth date", Cases::nikDateMismatch));
        c.add(new FormsTest.Case("pk-keluarga: NIK date block against the sex", Cases::nikSexMismatch));
        c.add(new FormsTest.Case("pk-keluarga: NIK shape, province, block, duplicates", Cases::nikShape));
        c.add(new FormsTest.Case("pk-keluarga: two heads of family", Cases::twoHeads));
        c.add(new FormsTest.Case("pk-keluarga: no head of family", Cases::noHead));
        c.add(new FormsTest.Case("pk-keluarga: birth date in the future or before 1900", Cases::birthDates));
        c.add(new FormsTest.Case("pk-keluarga: RW, RT, KK number, family id, name, member count", Cases::plainFields));
        c.add(new FormsTest.Case("pk-keluarga: a single person is not asked P.02, KB or parenting", Cases::single));
        c.add(new FormsTest.Case("pk-perbarui: pre-fill, removed and new members, version", Cases::perbaruiPrefill));
        c.add(new FormsTest.Case("pk-perbarui: same family id in another village", Cases::perbaruiOtherVillage));
        c.add(new FormsTest.Case("pk-perbarui: removing the head needs a new head", Cases::perbaruiNewHead));
        c.add(new FormsTest.Case("laporan-kampung: a valid report", Cases::laporanValid));
        c.add(new FormsTest.Case("laporan-kampung: the report's rules", Cases::laporanRules));
        return c;
    }

    static Map<String, String> keluarga() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("village_code", "1701012001");
        a.put("rw", "2");
        a.put("rt", "005");
        a.put("kk_number", "1701010101250003");
        a.put("jumlah_anggota", "3");
        member(a, 1, "Budi Santoso", "1701011705800001", "1", "1980-05-17", "2", "1");
        member(a, 2, "Rina Wati", "1701014211880002", "2", "1988-11-02", "2", "2");
        member(a, 3, "Dewi Lestari", "", "2", "2012-03-09", "1", "3");
        a.put("anggota[3]/in_school", "1");
        a.put("pakai_kb", "1");
        a.put("kb_method", "5");
        for (String p : Arrays.asList("p01", "p02", "p03a", "p03b", "p03c", "p03d", "p04", "p05", "savings",
                "online_media", "daily_interaction", "joint_parenting", "recreation", "social_activity", "p19", "p20",
                "p21", "p22", "p23", "p24", "p25", "p26")) {
            a.put(p, p.startsWith("p03") ? "2" : "1");
        }
        a.put("ada_sakit", "2");
        return a;
    }

    static void member(Map<String, String> a, int i, String name, String nik, String sex, String birth,
            String marital, String relation) {
        String m = "anggota[" + i + "]/";
        a.put(m + "name", name);
        if (!nik.isEmpty()) {
            a.put(m + "nik", nik);
        }
        a.put(m + "sex", sex);
        a.put(m + "birth_date", birth);
        a.put(m + "marital_status", marital);
        a.put(m + "birth_certificate", "1");
        a.put(m + "relation", relation);
        a.put(m + "religion", "1");
        a.put(m + "education", "5");
        a.put(m + "health_insurance", "2");
    }

    static void keluargaLayout() throws Exception {
        Filler.Result r = FormsTest.fill("pk-keluarga", keluarga());
        FormsTest.accepted(r);
        List<String> extra = FormsTest.checkPkLayout(r, "pk-keluarga",
                Arrays.asList("jumlah_anggota", "ada_pus", "pakai_kb", "ada_sakit"));
        FormsTest.check(FormsTest.top(r, "village_code").equals("1701012001"), "village_code");
        FormsTest.check(FormsTest.top(r, "pk_year").equals("2025"), "pk_year defaults to the only open round");
        FormsTest.check(FormsTest.top(r, "rt").equals("005"), "rt as typed");
        FormsTest.check(FormsTest.top(r, "family_id").isEmpty(), "family_id left empty for the server");
        FormsTest.check(FormsTest.top(r, "kb_method").equals("5"), "kb_method");
        FormsTest.check(FormsTest.top(r, "family_version") == null, "no family_version in pk-keluarga");
        // Questions not asked are left out of the instance or empty, never filled with something else.
        for (String n : Arrays.asList("kb_reason_not_using", "sick_treated")) {
            String v = FormsTest.top(r, n);
            FormsTest.check(v == null || v.isEmpty(), n + " not asked but " + v);
        }
        List<Element> m = FormsTest.members(r);
        FormsTest.check(m.size() == 3, "3 members, got " + m.size());
        for (int i = 0; i < 3; i++) {
            FormsTest.check(FormsTest.value(m.get(i), "member_no").equals(String.valueOf(i + 1)), "member_no");
        }
        FormsTest.check(FormsTest.value(m.get(0), "birth_date").equals("1980-05-17"), "birth_date YYYY-MM-DD");
        FormsTest.check(FormsTest.value(m.get(1), "nik").equals("1701014211880002"), "nik as typed");
        FormsTest.check(FormsTest.value(m.get(2), "nik").isEmpty(), "empty nik is an empty element");
        FormsTest.check(FormsTest.value(m.get(2), "in_school").equals("1"), "in_school of a child");
        String adult = FormsTest.value(m.get(0), "in_school");
        FormsTest.check(adult == null || adult.isEmpty(), "in_school not asked of an adult");
        FormsTest.check(extra.contains("jumlah_anggota"), "helpers " + extra);
    }

    static void nikDateMismatch() throws Exception {
        Map<String, String> a = keluarga();
        a.put("anggota[1]/nik", "1701011805800001"); // says the 18th, the birth date is the 17th
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[1]/birth_date", "angka ke-7 sampai ke-12");
    }

    static void nikSexMismatch() throws Exception {
        Map<String, String> a = keluarga();
        a.put("anggota[2]/nik", "1701010211880002"); // day 02 without +40: a man's NIK for a woman
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[2]/sex", "Jenis kelamin tidak sesuai NIK");
    }

    static void nikShape() throws Exception {
        String[] bad = {"170101170580000", "17010117058000011", "17010117a5800001", "0001011705800001",
            "9901011705800001", "1701013205800001", "1701014005800001", "1701017205800001", "1701011713800001",
            "1701012902010001"};
        for (String nik : bad) {
            Map<String, String> a = keluarga();
            a.put("anggota[1]/nik", nik);
            a.remove("anggota[1]/sex"); // left as is: the refused NIK is not stored, so nothing else is checked
            Filler.Result r = FormsTest.fill("pk-keluarga", without(a, "anggota[1]/"));
            FormsTest.check(!r.refusals().isEmpty() && r.refusals().get(0).field().equals("anggota[1]/nik")
                    && r.refusals().get(0).message().contains("NIK harus 16 angka"), nik + ": " + r.refusals());
        }
        Map<String, String> a = keluarga();
        a.put("anggota[1]/nik", "1701012902000001"); // 29 February 2000 exists
        a.put("anggota[1]/birth_date", "2000-02-29");
        a.put("anggota[1]/marital_status", "2");
        FormsTest.accepted(FormsTest.fill("pk-keluarga", a));
        a = keluarga();
        a.put("anggota[3]/nik", "1701014211880002"); // Rina's NIK again
        a.put("anggota[3]/birth_date", "1988-11-02");
        a.remove("anggota[3]/in_school");
        // Typed, it is accepted (JavaRosa compares with the values already stored); finalizing points at the first
        // of the two.
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[2]/nik", "NIK anggota lain");
    }

    /** The answers of one member left out (after its NIK), for scenarios that stop at the NIK. */
    static Map<String, String> without(Map<String, String> a, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean afterNik = false;
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getKey().startsWith(prefix) && afterNik) {
                continue;
            }
            if (e.getKey().equals(prefix + "nik")) {
                afterNik = true;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    static void twoHeads() throws Exception {
        Map<String, String> a = keluarga();
        a.put("anggota[3]/relation", "1");
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[3]/relation", "tepat satu kepala keluarga");
        a = keluarga();
        a.put("anggota[2]/relation", "1"); // not the last member: told at the last one
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[3]/relation", "tepat satu kepala keluarga");
    }

    static void noHead() throws Exception {
        Map<String, String> a = keluarga();
        a.put("anggota[1]/relation", "2");
        a.put("anggota[2]/relation", "6");
        a.remove("pakai_kb"); // no wife of a head or spouse: not a PUS
        a.remove("kb_method");
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[3]/relation", "tepat satu kepala keluarga");
    }

    static void birthDates() throws Exception {
        Map<String, String> a = keluarga();
        a.put("anggota[3]/birth_date", FormsTest.today(1));
        a.remove("anggota[3]/in_school");
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[3]/birth_date", "tidak boleh setelah hari ini");
        a = keluarga();
        a.put("anggota[3]/birth_date", "1899-12-31");
        a.remove("anggota[3]/in_school");
        FormsTest.refused(FormsTest.fill("pk-keluarga", a), "anggota[3]/birth_date", "sebelum tahun 1900");
    }

    static void plainFields() throws Exception {
        Object[][] bad = {{"rw", "1234", "RW: tulis nomor 1 sampai 3 angka"}, {"rt", "1a", "RT: tulis nomor 1 sampai 3 angka"},
            {"kk_number", "0001010101250003", "Nomor KK harus 16 angka"}, {"kk_number", "17010101", "Nomor KK"},
            {"family_id", "KEL 001", "ID keluarga harus 1 sampai 40"}, {"jumlah_anggota", "100", "1 sampai 99"},
            {"anggota[1]/name", "x".repeat(121), "1 sampai 120"}};
        for (Object[] b : bad) {
            Map<String, String> a = keluarga();
            a.put((String) b[0], (String) b[1]);
            Filler.Result r = FormsTest.fill("pk-keluarga", a);
            FormsTest.check(!r.refusals().isEmpty() && r.refusals().get(0).field().equals(b[0])
                    && r.refusals().get(0).message().contains((String) b[2]), b[0] + "=" + b[1] + ": " + r.refusals());
        }
        Map<String, String> a = keluarga();
        a.put("family_id", "KEL-2025_01.a");
        FormsTest.accepted(FormsTest.fill("pk-keluarga", a));
    }

    static void single() throws Exception {
        Map<String, String> a = new LinkedHashMap<>(keluarga());
        a.keySet().removeIf(k -> k.startsWith("anggota[2]") || k.startsWith("anggota[3]"));
        a.put("jumlah_anggota", "1");
        a.put("anggota[1]/marital_status", "4");
        for (String k : Arrays.asList("p02", "pakai_kb", "kb_method", "joint_parenting")) {
            a.remove(k);
        }
        Filler.Result r = FormsTest.fill("pk-keluarga", a);
        FormsTest.accepted(r);
        for (String n : Arrays.asList("p02", "kb_method", "kb_reason_not_using", "joint_parenting")) {
            String v = FormsTest.top(r, n);
            FormsTest.check(v == null || v.isEmpty(), n + " not asked but " + v);
        }
        // Asking them anyway is impossible: the filler fails on a question it never reaches.
        a.put("p02", "1");
        try {
            FormsTest.fill("pk-keluarga", a);
            throw new AssertionError("P.02 was asked of a single widower");
        } catch (IllegalStateException expected) {
            FormsTest.check(expected.getMessage().contains("p02"), expected.getMessage());
        }
    }

    static Map<String, String> perbarui(String village, String key) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("village_code", village);
        a.put("keluarga", key);
        return a;
    }

    static void perbaruiPrefill() throws Exception {
        // KEL-001 of the first village: members 1, 2 and 4 stored; member 2 moved away, one baby born.
        Map<String, String> a = perbarui("1701012001", "1701012001/2025/KEL-001");
        a.put("anggota_keluar", "2");
        a.put("anggota_baru", "1");
        // The repeat holds the members who stay (1 and 4) and then the new one.
        member(a, 3, "Bayi Santoso", "", "1", FormsTest.today(-30), "1", "3");
        a.put("rt", "7"); // the household moved within the village
        // The wife (Rina) left: no PUS remains, so the KB questions are not asked.
        Filler.Result r = FormsTest.fill("pk-perbarui", a);
        FormsTest.accepted(r);
        FormsTest.checkPkLayout(r, "pk-perbarui", Arrays.asList("keluarga", "anggota_lama", "no_terakhir",
                "anggota_keluar", "anggota_tetap", "anggota_baru", "jumlah_anggota", "ada_pus", "pakai_kb",
                "ada_sakit"));
        FormsTest.check("KEL-001".equals(FormsTest.top(r, "family_id")), "family_id " + FormsTest.top(r, "family_id"));
        FormsTest.check("3".equals(FormsTest.top(r, "family_version")), "family_version");
        FormsTest.check("2025".equals(FormsTest.top(r, "pk_year")), "pk_year from the stored family");
        FormsTest.check("2".equals(FormsTest.top(r, "rw")), "rw pre-filled");
        FormsTest.check("7".equals(FormsTest.top(r, "rt")), "rt changed");
        FormsTest.check("2".equals(FormsTest.top(r, "p26")), "p26 pre-filled");
        FormsTest.check("1".equals(FormsTest.top(r, "sick_treated")), "sick_treated pre-filled");
        String kk = FormsTest.top(r, "kk_number");
        FormsTest.check(kk == null || kk.isEmpty(), "kk_number empty = keep");
        List<Element> m = FormsTest.members(r);
        List<String> nos = new ArrayList<>();
        for (Element e : m) {
            nos.add(FormsTest.value(e, "member_no"));
        }
        FormsTest.check(nos.equals(Arrays.asList("1", "4", "5")), "member numbers " + nos);
        FormsTest.check("Budi Santoso".equals(FormsTest.value(m.get(0), "name")), "name pre-filled");
        FormsTest.check("1980-05-17".equals(FormsTest.value(m.get(0), "birth_date")), "birth_date pre-filled");
        FormsTest.check("Dewi Lestari".equals(FormsTest.value(m.get(1), "name")), "member 4 pre-filled");
        FormsTest.check("1".equals(FormsTest.value(m.get(1), "in_school")), "in_school pre-filled");
        FormsTest.check("".equals(FormsTest.value(m.get(0), "nik")), "nik empty = keep");
        FormsTest.check("Bayi Santoso".equals(FormsTest.value(m.get(2), "name")), "new member");
        String method = FormsTest.top(r, "kb_method");
        FormsTest.check(method == null || method.isEmpty(), "no PUS left, kb_method not asked: " + method);
    }

    static void perbaruiOtherVillage() throws Exception {
        Map<String, String> a = perbarui("1701012002", "1701012002/2025/KEL-001");
        a.put("ada_sakit", "2"); // nothing stored: asked again
        Filler.Result r = FormsTest.fill("pk-perbarui", a);
        FormsTest.accepted(r);
        FormsTest.check("KEL-001".equals(FormsTest.top(r, "family_id")), "family_id");
        FormsTest.check("7".equals(FormsTest.top(r, "family_version")), "the other village's version");
        FormsTest.check("3".equals(FormsTest.top(r, "kb_reason_not_using")), "its answers");
        FormsTest.check("2".equals(FormsTest.top(r, "pakai_kb")), "KB gate pre-filled from the reason");
        List<Element> m = FormsTest.members(r);
        FormsTest.check(m.size() == 2 && "Sri Mulyani".equals(FormsTest.value(m.get(1), "name")), "its members");
        // The family of the other village is not offered in this one.
        try {
            FormsTest.fill("pk-perbarui", perbarui("1701012001", "1701012002/2025/KEL-001"));
            throw new AssertionError("a family of another village was offered");
        } catch (IllegalStateException expected) {
            FormsTest.check(expected.getMessage().contains("not offered"), expected.getMessage());
        }
    }

    static void perbaruiNewHead() throws Exception {
        // Siti (KEL-002, alone) died; her grandson, new in the family, is the head now.
        Map<String, String> a = perbarui("1701012001", "1701012001/2025/KEL-002");
        a.put("anggota_keluar", "1");
        a.put("anggota_baru", "1");
        member(a, 1, "Joko Susilo", "1701012512990003", "1", "1999-12-25", "1", "3");
        a.put("ada_sakit", "2");
        Filler.Result r = FormsTest.fill("pk-perbarui", a);
        FormsTest.refused(r, "anggota[1]/relation", "tepat satu kepala keluarga");
        a.put("anggota[1]/relation", "1");
        r = FormsTest.fill("pk-perbarui", a);
        FormsTest.accepted(r);
        List<Element> m = FormsTest.members(r);
        FormsTest.check(m.size() == 1 && "2".equals(FormsTest.value(m.get(0), "member_no")), "only the new head");
        // Removing every member and adding none is refused.
        Map<String, String> b = perbarui("1701012001", "1701012001/2025/KEL-002");
        b.put("anggota_keluar", "1");
        FormsTest.refused(FormsTest.fill("pk-perbarui", b), "anggota_baru", "1 sampai 99 anggota");
    }

    static Map<String, String> laporan() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("village_code", "1701012002");
        a.put("bulan", "2025-06-01");
        a.put("pus", "120");
        a.put("suntik", "40");
        a.put("pil", "20");
        a.put("iat", "10");
        a.put("bkb", "15");
        return a;
    }

    static void laporanValid() throws Exception {
        Filler.Result r = FormsTest.fill("laporan-kampung", laporan());
        FormsTest.accepted(r);
        Element root = r.instance().getDocumentElement();
        FormsTest.check("laporan-kampung".equals(root.getAttribute("id")), "root id");
        FormsTest.check("2025-06".equals(FormsTest.top(r, "month")), "month YYYY-MM: " + FormsTest.top(r, "month"));
        FormsTest.check("0".equals(FormsTest.top(r, "mow")), "counts default to 0");
        FormsTest.check("40".equals(FormsTest.top(r, "suntik")), "suntik");
        for (String c : Arrays.asList("village_code", "month", "pus", "mow", "mop", "iud", "implan", "suntik", "pil",
                "kondom", "hamil", "ingin_anak_segera", "iat", "tial", "bkb", "bkr", "bkl", "uppka", "pik_r")) {
            FormsTest.check(FormsTest.top(r, c) != null, "no element " + c);
        }
    }

    static void laporanRules() throws Exception {
        Map<String, String> a = laporan();
        a.put("kondom", "61"); // 40 + 20 + 61 users > 120 PUS
        FormsTest.refused(FormsTest.fill("laporan-kampung", a), "kondom", "tidak boleh lebih dari PUS (120)");
        a = laporan();
        a.put("tial", "51"); // 60 users + 61 not using > 120
        FormsTest.refused(FormsTest.fill("laporan-kampung", a), "tial", "ditambah PUS bukan peserta KB");
        a = laporan();
        a.put("bkl", "-1");
        FormsTest.refused(FormsTest.fill("laporan-kampung", a), "bkl", "Tidak boleh kurang dari 0");
        a = laporan();
        a.put("bulan", FormsTest.today(40).substring(0, 8) + "01");
        FormsTest.refused(FormsTest.fill("laporan-kampung", a), "bulan", "tidak boleh setelah bulan ini");
        a = laporan();
        a.put("bulan", "2013-12-01");
        FormsTest.refused(FormsTest.fill("laporan-kampung", a), "bulan", "tidak boleh sebelum tahun 2014");
    }
}
