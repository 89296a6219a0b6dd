// Writes the sheet reader's interoperability workbook with exceljs (web/ devDependency), as a
// third-party writer would: shared strings (no inline strings), numbers, real date cells with a
// date format, a title merged across the header. Used by server/tests/sheet/interop_test.cpp.
//   node tests/tools/write-exceljs.mjs OUT.xlsx
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(repo, 'web', 'package.json'));
const ExcelJS = require('exceljs');

const out = process.argv[2];
if (!out) {
  console.error('usage: node tests/tools/write-exceljs.mjs OUT.xlsx');
  process.exit(2);
}

// Dates as UTC midnights: exceljs turns a Date into a serial by its UTC value.
const day = (y, m, d) => new Date(Date.UTC(y, m - 1, d));

const wb = new ExcelJS.Workbook();
wb.created = day(2000, 1, 1);
wb.modified = day(2000, 1, 1);
const ws = wb.addWorksheet('项目台账');
ws.columns = [{ width: 30 }, { width: 18, style: { numFmt: '#,##0.00##' } }, { width: 14 }, { width: 20 }];
ws.addRow(['2025年重点项目台账']);
ws.mergeCells('A1:D1');
ws.addRow(['项目名称', '总投资（万元）', '签约日期', '备注']);
const rows = [
  ['年产10万吨新材料项目', 12345678901.2345, day(2024, 12, 31), '重点项目'],
  ['智能制造产业园', 2025001, day(2025, 1, 1), null],
  ['旧厂房改造', 0.1, day(1900, 3, 1), '含"引号"与,逗号'],
];
for (const r of rows) ws.addRow(r);
for (let i = 3; i <= 2 + rows.length; i += 1) ws.getCell(`C${i}`).numFmt = 'yyyy-mm-dd';

await wb.xlsx.writeFile(out);
