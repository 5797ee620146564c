package fi.lainaamo.report.export;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The streamed workbook opens in Apache POI with its text, numbers, empty cells and sheets as written. */
class XlsxStreamTest {

    @Test
    void textNumbersAndEmptyCellsReadBackAsWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XlsxStream xlsx = new XlsxStream(out, "Lainat", List.of("Nimeke", "Kieli", "Lainat"), 1_048_576)) {
            xlsx.row("Tom & Jerry <3> \"Åke\"", null, 12L);
            xlsx.row("  välilyönnit  ", "sv", "< 3");
            xlsx.row("ohjaus\u0001merkki\ttab", "=1+1", 0L);
        }
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(1, workbook.getNumberOfSheets());
            assertEquals("Lainat", workbook.getSheetName(0));
            XSSFRow header = workbook.getSheetAt(0).getRow(0);
            assertEquals(List.of("Nimeke", "Kieli", "Lainat"), List.of(header.getCell(0).getStringCellValue(),
                    header.getCell(1).getStringCellValue(), header.getCell(2).getStringCellValue()));
            XSSFRow first = workbook.getSheetAt(0).getRow(1);
            assertEquals("Tom & Jerry <3> \"Åke\"", first.getCell(0).getStringCellValue());
            assertNull(first.getCell(1));
            assertEquals(CellType.NUMERIC, first.getCell(2).getCellType());
            assertEquals(12.0, first.getCell(2).getNumericCellValue());
            XSSFRow second = workbook.getSheetAt(0).getRow(2);
            assertEquals("  välilyönnit  ", second.getCell(0).getStringCellValue());
            assertEquals("< 3", second.getCell(2).getStringCellValue());
            XSSFRow third = workbook.getSheetAt(0).getRow(3);
            assertEquals("ohjausmerkki\ttab", third.getCell(0).getStringCellValue(), "a control character XML cannot carry is left out");
            assertEquals(CellType.STRING, third.getCell(1).getCellType(), "text that looks like a formula stays text");
            assertEquals(3, workbook.getSheetAt(0).getLastRowNum());
        }
    }

    @Test
    void anEmptyExportIsAWorkbookWithItsHeader() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new XlsxStream(out, "Lainat", List.of("Nimeke"), 1_048_576).close();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(0, workbook.getSheetAt(0).getLastRowNum());
            assertEquals("Nimeke", workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue());
        }
    }

    @Test
    void columnLetters() {
        assertEquals(List.of("A", "M", "Z", "AA", "AZ", "BA", "ZZ", "AAA"),
                List.of(XlsxStream.column(0), XlsxStream.column(12), XlsxStream.column(25), XlsxStream.column(26),
                        XlsxStream.column(51), XlsxStream.column(52), XlsxStream.column(701), XlsxStream.column(702)));
    }
}
