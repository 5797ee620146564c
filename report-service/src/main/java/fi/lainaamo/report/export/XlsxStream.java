package fi.lainaamo.report.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An XLSX workbook (Office Open XML, SpreadsheetML) written straight into the response as its rows arrive: each sheet
 * is a zip entry whose rows are deflated as they are written, and the parts that name the sheets (content types,
 * workbook, relationships) follow the last sheet, when their number is known. Nothing is kept but the row being
 * written: the first bytes leave with the first rows, and a national year needs no temporary file. Text cells are
 * inline strings (no shared-string table to hold), numbers are numbers.
 *
 * <p>Past a sheet's limit the rows go on in the next sheet, named after the first with its number ("Lainat 2"), the
 * header repeated.
 */
final class XlsxStream implements AutoCloseable {

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";

    private final ZipOutputStream zip;
    private final Writer xml;
    private final String sheetName;
    private final List<String> header;
    private final int sheetRows;
    private final String[] columns;
    private int sheets;
    private int row;

    /**
     * @param sheetRows rows in one sheet, the header included (the format allows 1,048,576)
     */
    XlsxStream(OutputStream out, String sheetName, List<String> header, int sheetRows) {
        if (sheetRows < 2) {
            throw new IllegalArgumentException("a sheet holds the header and at least one row");
        }
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // the fastest compression: a spreadsheet's XML still shrinks to a fifth or less, at a fraction of the CPU
        zip.setLevel(Deflater.BEST_SPEED);
        this.xml = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 64 * 1024);
        this.sheetName = sheetName;
        this.header = List.copyOf(header);
        this.sheetRows = sheetRows;
        this.columns = new String[header.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(i);
        }
    }

    /**
     * Writes one row: a cell per column, null leaves it empty; a {@link Long} is a number, anything else text.
     */
    void row(Object... cells) throws IOException {
        if (sheets == 0 || row == sheetRows) {
            nextSheet();
        }
        row++;
        xml.write("<row r=\"");
        xml.write(Integer.toString(row));
        xml.write("\">");
        for (int i = 0; i < cells.length && i < columns.length; i++) {
            Object cell = cells[i];
            if (cell == null) {
                continue;
            }
            xml.write("<c r=\"");
            xml.write(columns[i]);
            xml.write(Integer.toString(row));
            if (cell instanceof Long number) {
                xml.write("\"><v>");
                xml.write(Long.toString(number));
                xml.write("</v></c>");
            } else {
                String text = cell.toString();
                xml.write(text.isEmpty() || text.strip().length() == text.length()
                        ? "\" t=\"inlineStr\"><is><t>" : "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                escaped(text);
                xml.write("</t></is></c>");
            }
        }
        xml.write("</row>");
    }

    /** Ends the last sheet and writes the parts that name the sheets; the caller's stream stays open. */
    @Override
    public void close() throws IOException {
        if (sheets == 0) {
            nextSheet(); // an empty period still gives a workbook with its header
        }
        endSheet();
        part("[Content_Types].xml", contentTypes());
        part("_rels/.rels", "<Relationships xmlns=\"" + PACKAGE_RELATIONSHIPS + "\"><Relationship Id=\"rId1\" "
                + "Type=\"" + RELATIONSHIPS + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        part("xl/workbook.xml", workbook());
        part("xl/_rels/workbook.xml.rels", workbookRelationships());
        part("xl/styles.xml", "<styleSheet xmlns=\"" + MAIN + "\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>");
        zip.finish();
        zip.flush();
    }

    private void nextSheet() throws IOException {
        if (sheets > 0) {
            endSheet();
        }
        sheets++;
        row = 0;
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + sheets + ".xml"));
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
        row(header.toArray());
    }

    private void endSheet() throws IOException {
        xml.write("</sheetData></worksheet>");
        xml.flush();
        zip.closeEntry();
    }

    private void part(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.write(content);
        xml.flush();
        zip.closeEntry();
    }

    private String contentTypes() {
        StringBuilder types = new StringBuilder("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (int i = 1; i <= sheets; i++) {
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(i)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return types.append("</Types>").toString();
    }

    private String workbook() {
        StringBuilder workbook = new StringBuilder("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + RELATIONSHIPS + "\"><sheets>");
        for (int i = 1; i <= sheets; i++) {
            workbook.append("<sheet name=\"").append(i == 1 ? sheetName : sheetName + " " + i).append("\" sheetId=\"").append(i)
                    .append("\" r:id=\"rId").append(i).append("\"/>");
        }
        return workbook.append("</sheets></workbook>").toString();
    }

    private String workbookRelationships() {
        StringBuilder relationships = new StringBuilder("<Relationships xmlns=\"" + PACKAGE_RELATIONSHIPS + "\">");
        for (int i = 1; i <= sheets; i++) {
            relationships.append("<Relationship Id=\"rId").append(i).append("\" Type=\"").append(RELATIONSHIPS)
                    .append("/worksheet\" Target=\"worksheets/sheet").append(i).append(".xml\"/>");
        }
        return relationships.append("<Relationship Id=\"rId").append(sheets + 1).append("\" Type=\"").append(RELATIONSHIPS)
                .append("/styles\" Target=\"styles.xml\"/></Relationships>").toString();
    }

    /** Text as XML character data; characters XML 1.0 cannot carry (most control characters) are left out. */
    private void escaped(String text) throws IOException {
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement;
            if (c == '&') {
                replacement = "&amp;";
            } else if (c == '<') {
                replacement = "&lt;";
            } else if (c == '>') {
                replacement = "&gt;";
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                replacement = "";
            } else {
                continue;
            }
            xml.write(text, from, i - from);
            xml.write(replacement);
            from = i + 1;
        }
        xml.write(text, from, text.length() - from);
    }

    /** A column's letters: 0 is A, 25 Z, 26 AA. */
    static String column(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }
}
