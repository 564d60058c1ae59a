// Reads a GIFT file with gift-pegjs (an independent GIFT parser from npm) and prints what it
// parsed as JSON on stdout; a syntax error is printed with its location and exits 1.
const fs = require("fs");
const gift = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(gift.parse(text)));
} catch (error) {
  const where = error.location ? ` at line ${error.location.start.line}, column ${error.location.start.column}` : "";
  process.stderr.write(`gift-pegjs: ${error.message}${where}\n`);
  process.exit(1);
}
