package io.calllog.query.call;

import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * How {@code GET /api/calls/export} writes calls: {@code ndjson}, one call per line as {@code GET /api/calls/{uuid}}
 * shows it (with {@code matches} when searched), or {@code csv}, RFC 4180 with a header row, one row per call, the
 * transcript as one cell ({@code role: text} lines joined by a line break). No CSV cell starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return, which spreadsheets would run as a formula: such a cell is written
 * with a leading {@code '} (OWASP's advice), so a uuid {@code -x} reads {@code '-x}.
 */
enum ExportFormat {

    NDJSON("application/x-ndjson", "ndjson") {
        @Override
        void write(CallView call, ObjectWriter json, Writer text) throws IOException {
            json.writeValue(text, call);
            text.write('\n');
        }
    },
    CSV("text/csv;charset=UTF-8", "csv") {
        @Override
        void start(Writer text) throws IOException {
            text.write(String.join(",", HEADER));
            text.write("\r\n");
        }

        @Override
        void write(CallView call, ObjectWriter json, Writer text) throws IOException {
            String[] cells = {call.uuid(), call.campaignUuid(), call.recordUuid(), call.direction(), call.status(),
                    call.duration() == null ? null : call.duration().toString(),
                    call.cost() == null ? null : call.cost().toPlainString(),
                    call.recordingUrl(), call.summary(), call.createdAt().toString(), call.endReason(),
                    call.erasedAt() == null ? null : call.erasedAt().toString(),
                    call.transcript().stream().map(line -> line.role() + ": " + line.text())
                            .collect(Collectors.joining("\n"))};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    text.write(',');
                }
                text.write(cell(cells[i]));
            }
            text.write("\r\n");
        }
    };

    static final String[] HEADER = {"uuid", "campaignUuid", "recordUuid", "direction", "status", "duration", "cost",
            "recordingUrl", "summary", "createdAt", "endReason", "erasedAt", "transcript"};

    final String mediaType;
    final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    static ExportFormat named(String name) {
        return name.equals("csv") ? CSV : NDJSON;
    }

    /** Before the first call: the CSV header. */
    void start(Writer text) throws IOException {
    }

    /** One call. */
    abstract void write(CallView call, ObjectWriter json, Writer text) throws IOException;

    /** A CSV cell: empty for null, defused when a spreadsheet would read a formula, quoted when RFC 4180 says so. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quoted ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    static Writer textOf(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
    }
}
