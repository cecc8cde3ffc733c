package dev.v2exgraphql.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records every log line of the service (it runs in the test JVM) while open. */
public final class LogCapture extends Handler implements AutoCloseable {

    /** One captured record: logger, level and the whole text (message, parameters, stack trace). */
    public record Line(String logger, Level level, String text) {
    }

    private final List<Line> lines = new ArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            text.append(' ').append(Arrays.deepToString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(' ').append(trace);
        }
        lines.add(new Line(record.getLoggerName(), record.getLevel(), text.toString()));
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
