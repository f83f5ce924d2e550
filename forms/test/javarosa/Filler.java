import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.javarosa.core.model.FormDef;
import org.javarosa.core.model.SelectChoice;
import org.javarosa.core.model.ValidateOutcome;
import org.javarosa.core.model.data.DateData;
import org.javarosa.core.model.data.IAnswerData;
import org.javarosa.core.model.data.IntegerData;
import org.javarosa.core.model.data.SelectMultiData;
import org.javarosa.core.model.data.SelectOneData;
import org.javarosa.core.model.data.StringData;
import org.javarosa.core.model.data.helper.Selection;
import org.javarosa.core.model.instance.InstanceInitializationFactory;
import org.javarosa.core.model.instance.TreeReference;
import org.javarosa.core.model.utils.DateUtils;
import org.javarosa.core.reference.Reference;
import org.javarosa.core.reference.ReferenceFactory;
import org.javarosa.core.reference.ReferenceManager;
import org.javarosa.form.api.FormEntryController;
import org.javarosa.form.api.FormEntryModel;
import org.javarosa.form.api.FormEntryPrompt;
import org.javarosa.model.xform.XFormSerializingVisitor;
import org.javarosa.xform.util.XFormUtils;
import org.w3c.dom.Document;

/**
 * Fills an XForm the way ODK Collect does (JavaRosa, the engine inside ODK Collect and ODK Validate): steps through
 * the questions in order, answers those the scenario gives, keeps every default and pre-fill otherwise, and records
 * each answer JavaRosa refuses with the constraint message the cadre would see.
 */
final class Filler {
    /** A refused answer: the question (e.g. {@code anggota[2]/nik}) and the message shown. */
    record Refusal(String field, String message) {}

    /** What filling the form gave. */
    record Result(List<Refusal> refusals, String finalizeProblem, Document instance, String xml) {}

    private static boolean mediaRegistered = false;

    /** Serves {@code jr://file-csv/NAME} and {@code jr://file/NAME} from the media folder, as Collect does. */
    static void useMedia(File dir) {
        if (mediaRegistered) {
            return;
        }
        mediaRegistered = true;
        ReferenceManager.instance().addReferenceFactory(new ReferenceFactory() {
            public boolean derives(String uri) {
                return uri.startsWith("jr://file-csv/") || uri.startsWith("jr://file/");
            }

            public Reference derive(String uri) {
                File f = new File(dir, uri.substring(uri.lastIndexOf('/') + 1));
                return new Reference() {
                    public boolean doesBinaryExist() {
                        return f.exists();
                    }

                    public InputStream getStream() throws IOException {
                        return new FileInputStream(f);
                    }

                    public String getURI() {
                        return uri;
                    }

                    public String getLocalURI() {
                        return f.getAbsolutePath();
                    }

                    public boolean isReadOnly() {
                        return true;
                    }

                    public OutputStream getOutputStream() {
                        throw new UnsupportedOperationException();
                    }

                    public void remove() {
                        throw new UnsupportedOperationException();
                    }

                    public Reference[] probeAlternativeReferences() {
                        return new Reference[0];
                    }
                };
            }

            public Reference derive(String uri, String context) {
                return derive(uri);
            }
        });
    }

    /** The scenario's name of a question: its path below the root, repeats counted from 1 (anggota[2]/nik). */
    static String key(TreeReference ref) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < ref.size(); i++) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(ref.getName(i));
            if (ref.getName(i).equals("anggota")) {
                sb.append('[').append(ref.getMultiplicity(i) + 1).append(']');
            }
        }
        return sb.toString();
    }

    static Result fill(File xform, Map<String, String> answers) throws Exception {
        FormDef fd;
        try (InputStream in = new FileInputStream(xform)) {
            fd = XFormUtils.getFormFromInputStream(in);
        }
        FormEntryModel model = new FormEntryModel(fd);
        FormEntryController fec = new FormEntryController(model);
        fd.initialize(true, new InstanceInitializationFactory());
        fec.setLanguage("Bahasa Indonesia (id)");
        List<Refusal> refusals = new ArrayList<>();
        Map<String, String> unused = new LinkedHashMap<>(answers);
        for (int event = fec.stepToNextEvent(); event != FormEntryController.EVENT_END_OF_FORM;
                event = fec.stepToNextEvent()) {
            if (event != FormEntryController.EVENT_QUESTION) {
                continue;
            }
            FormEntryPrompt prompt = model.getQuestionPrompt();
            String k = key(prompt.getIndex().getReference());
            if (!answers.containsKey(k)) {
                continue;
            }
            unused.remove(k);
            IAnswerData data = answerData(prompt, answers.get(k));
            int status = fec.answerQuestion(prompt.getIndex(), data, true);
            if (status == FormEntryController.ANSWER_CONSTRAINT_VIOLATED) {
                refusals.add(new Refusal(k, prompt.getConstraintText(data)));
            } else if (status != FormEntryController.ANSWER_OK) {
                refusals.add(new Refusal(k, "answer refused with status " + status));
            }
        }
        if (!unused.isEmpty() && refusals.isEmpty()) {
            throw new IllegalStateException("questions never reached (not relevant or misnamed): " + unused.keySet());
        }
        // What Collect does when the form is finalized: every relevant question checked once more.
        ValidateOutcome outcome = fd.validate(true);
        String finalizeProblem = null;
        if (outcome != null) {
            FormEntryPrompt p = model.getQuestionPrompt(outcome.failedPrompt);
            finalizeProblem = key(outcome.failedPrompt.getReference()) + ": "
                    + (outcome.outcome == FormEntryController.ANSWER_REQUIRED_BUT_EMPTY ? "required"
                            : p.getConstraintText());
        }
        byte[] xml = new XFormSerializingVisitor(true).serializeInstance(fd.getInstance());
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        return new Result(refusals, finalizeProblem, doc, new String(xml, StandardCharsets.UTF_8));
    }

    private static IAnswerData answerData(FormEntryPrompt prompt, String value) {
        switch (prompt.getControlType()) {
            case org.javarosa.core.model.Constants.CONTROL_SELECT_ONE:
                return new SelectOneData(new Selection(choice(prompt, value)));
            case org.javarosa.core.model.Constants.CONTROL_SELECT_MULTI: {
                List<Selection> sel = new ArrayList<>();
                for (String v : value.trim().split("\\s+")) {
                    if (!v.isEmpty()) {
                        sel.add(new Selection(choice(prompt, v)));
                    }
                }
                return new SelectMultiData(sel);
            }
            default:
                break;
        }
        switch (prompt.getDataType()) {
            case org.javarosa.core.model.Constants.DATATYPE_INTEGER:
                return new IntegerData(Integer.parseInt(value));
            case org.javarosa.core.model.Constants.DATATYPE_DATE:
                return new DateData(DateUtils.parseDate(value));
            default:
                return value.isEmpty() ? null : new StringData(value);
        }
    }

    private static SelectChoice choice(FormEntryPrompt prompt, String value) {
        List<String> offered = new ArrayList<>();
        for (SelectChoice c : prompt.getSelectChoices()) {
            if (c.getValue().equals(value)) {
                return c;
            }
            offered.add(c.getValue());
        }
        throw new IllegalStateException(key(prompt.getIndex().getReference()) + ": " + value
                + " is not offered; the choices are " + offered);
    }
}
