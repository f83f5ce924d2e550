import java.io.File;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Fills the generated XForms with JavaRosa (the engine of ODK Collect) and checks what a cadre would meet: valid
 * families give exactly the instance layout of forms/README.md, and the values the importer refuses are
 * refused on the phone with the reason in Bahasa Indonesia.
 *
 * Usage: java -cp ODK_Validate.jar:CLASSES FormsTest XFORM_DIR MEDIA_DIR
 */
public final class FormsTest {
    static final List<String> FAMILY = Arrays.asList("family_id", "village_code", "rw", "rt", "pk_year", "kk_number",
            "p01", "p02", "p03a", "p03b", "p03c", "p03d", "p04", "p05", "p19", "p20", "p21", "p22", "p23", "p24",
            "p25", "p26", "savings", "sick_treated", "online_media", "daily_interaction", "joint_parenting",
            "recreation", "social_activity", "kb_method", "kb_reason_not_using");
    static final List<String> MEMBER = Arrays.asList("member_no", "nik", "name", "sex", "birth_date",
            "marital_status", "birth_certificate", "relation", "religion", "education", "in_school",
            "health_insurance");

    static File xforms;
    static int passed = 0;
    static int failed = 0;

    public static void main(String[] args) throws Exception {
        xforms = new File(args[0]);
        Filler.useMedia(new File(args[1]));
        if (args.length > 2) { // debugging: the instance of a form filled with KEY=VALUE answers
            Map<String, String> answers = new LinkedHashMap<>();
            for (int i = 3; i < args.length; i++) {
                answers.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
            Filler.Result r = fill(args[2], answers);
            System.out.println(r.xml() + "\n" + r.refusals() + "\n" + r.finalizeProblem());
            return;
        }
        for (Case c : Cases.all()) {
            try {
                c.body.run();
                passed++;
                System.out.println("ok   " + c.name);
            } catch (Throwable t) {
                failed++;
                System.out.println("FAIL " + c.name + ": " + t);
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    /** A named test. */
    record Case(String name, Body body) {}

    interface Body {
        void run() throws Exception;
    }

    static Filler.Result fill(String form, Map<String, String> answers) throws Exception {
        return Filler.fill(new File(xforms, form + ".xml"), answers);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** The form was filled without a refusal and can be finalized. */
    static void accepted(Filler.Result r) {
        check(r.refusals().isEmpty(), "refused: " + r.refusals());
        check(r.finalizeProblem() == null, "cannot be finalized: " + r.finalizeProblem());
    }

    /** Exactly one answer was refused: this field's, with a message containing `words`; when it was accepted as
     * typed (a rule comparing it with other answers already given), finalizing the form refuses it. */
    static void refused(Filler.Result r, String field, String words) {
        if (r.refusals().isEmpty()) {
            String p = r.finalizeProblem();
            check(p != null && p.startsWith(field + ": ") && p.contains(words),
                    "expected " + field + " refused, got no refusal and at finalizing: " + p);
            return;
        }
        check(r.refusals().size() == 1, "expected one refusal of " + field + ", got " + r.refusals());
        Filler.Refusal x = r.refusals().get(0);
        check(x.field().equals(field), "refused " + x.field() + " instead of " + field);
        check(x.message() != null && x.message().contains(words), "message '" + x.message() + "' lacks '" + words + "'");
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    static Element child(Element e, String name) {
        for (Element c : children(e)) {
            if (c.getLocalName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The value of a top-level element, "" when empty, null when the element is absent. */
    static String top(Filler.Result r, String name) {
        Element e = child(r.instance().getDocumentElement(), name);
        return e == null ? null : e.getTextContent();
    }

    static List<Element> members(Filler.Result r) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(r.instance().getDocumentElement())) {
            if (c.getLocalName().equals("anggota")) {
                out.add(c);
            }
        }
        return out;
    }

    static String value(Element member, String name) {
        Element e = child(member, name);
        return e == null ? null : e.getTextContent();
    }

    /** The PK layout: root id and version, every family column at most once, members with exactly the anggota
     * columns, meta/instanceID as uuid:…; returns the names of the top-level elements beyond the contract. */
    static List<String> checkPkLayout(Filler.Result r, String formId, List<String> helpers) {
        Element root = r.instance().getDocumentElement();
        check(formId.equals(root.getAttribute("id")), "root id " + root.getAttribute("id"));
        check(root.getAttribute("version").matches("[0-9a-f]{10}"), "root version " + root.getAttribute("version"));
        List<String> extra = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Element c : children(root)) {
            String n = c.getLocalName();
            seen.merge(n, 1, Integer::sum);
            if (n.equals("anggota")) {
                List<String> names = new ArrayList<>();
                for (Element m : children(c)) {
                    names.add(m.getLocalName());
                    check(children(m).isEmpty(), "anggota/" + m.getLocalName() + " has children");
                }
                check(MEMBER.containsAll(names) && names.size() == new java.util.HashSet<>(names).size(),
                        "anggota children " + names);
            } else if (n.equals("meta")) {
                Element id = child(c, "instanceID");
                check(id != null && id.getTextContent().startsWith("uuid:"), "meta/instanceID");
            } else if (!FAMILY.contains(n) && !n.equals("family_version")) {
                extra.add(n);
            }
        }
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            check(e.getKey().equals("anggota") || e.getValue() == 1, e.getKey() + " appears " + e.getValue() + " times");
        }
        check(helpers.containsAll(extra), "undocumented elements " + extra);
        return extra;
    }

    static String today(int plusDays) {
        return LocalDate.now().plusDays(plusDays).toString();
    }
}
