import { createInstance } from '@getodk/xforms-engine';
window.fillForm = async (formXml, media, answers) => {
  const inst = await createInstance(formXml, { form: {
    fetchFormAttachment: async (url) => new Response(media[String(url).split('/').pop()] ?? '', { headers: { 'content-type': 'text/csv' } }) } });
  const root = inst.root;
  const all = (node, out = []) => { out.push(node); for (const c of node.currentState.children ?? []) all(c, out); return out; };
  const key = (ref) => ref.replace(/^\/[^/]+\//, '');
  const refusals = [];
  for (const [k, v] of Object.entries(answers)) {
    const node = all(root).find((n) => key(n.currentState.reference) === k);
    if (!node) { refusals.push([k, 'not reached']); continue; }
    if (node.nodeType === 'select') node.selectValue(v); else node.setValue(node.valueType === 'int' ? Number(v) : v);
    const viol = node.validationState?.violation;
    if (viol) refusals.push([k, viol.message?.asString ?? String(viol.message)]);
  }
  const payload = await root.prepareInstancePayload();
  const xml = await payload.data[0].get('xml_submission_file').text();
  return { status: payload.status, refusals, xml, refs: all(root).map((n) => n.currentState.reference) };
};
