package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader refuses what RFC 8259 refuses, with an IllegalArgumentException, and never overflows the stack. */
class JsonStrictnessTest {
    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text).getMessage();
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertTrue(refused(deep).contains("nesting deeper than " + Json.MAX_DEPTH));
        String deepObjects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertTrue(refused(deepObjects).contains("nesting deeper"));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok));
    }

    @Test
    void duplicateKeysControlCharactersAndBadEscapesAreRefused() {
        assertTrue(refused("{\"w\": 1, \"w\": 2}").contains("duplicate key \"w\""));
        assertTrue(refused("{\"a\u0001b\": 1}").contains("control character"));
        assertTrue(refused("[\"tab\there\"]").contains("control character"));
        refused("[\"\\u12G4\"]");
        refused("[\"\\u+123\"]");
        refused("[\"\\x41\"]");
        assertTrue(refused("[\"\\ud800\"]").contains("lone surrogate"));
        assertTrue(refused("[\"\\udc00x\"]").contains("lone surrogate"));
        assertEquals("\uD83D\uDE00", ((List<?>) Json.parse("[\"\\ud83d\\ude00\"]")).get(0));
    }

    @Test
    void numbersFollowTheGrammar() {
        for (String bad : List.of("01", "1.", ".5", "-", "1e", "1e+", "+1", "1-2", "0x10", "1f", "NaN", "Infinity", "1.5.2", "--1", "1e5e5")) {
            refused("[" + bad + "]");
        }
        assertEquals(List.of(0L, -3L, 1.5, -2.5e-3, 1e300, Long.MAX_VALUE, 9.223372036854775808E18),
                Json.parse("[0, -3, 1.5, -2.5e-3, 1E300, 9223372036854775807, 9223372036854775808]"));
    }

    @Test
    void trailingGarbageAndTruncationAreRefused() {
        refused("{\"a\": 1} x");
        refused("{\"a\": 1,}");
        refused("[1, 2,]");
        refused("{\"a\"");
        refused("");
        refused("tru");
        assertEquals(Map.of("a", true), Json.parse(" {\"a\" : true}\n\t "));
    }

    @Test
    void utf8IsDecodedStrictly() {
        byte[] bad = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.decodeUtf8(bad, 0, bad.length)).getMessage()
                .contains("invalid UTF-8 at byte 2"));
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
        assertThrows(IllegalArgumentException.class, () -> Json.decodeUtf8(overlong, 0, 2));
        byte[] good = "{\"é\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"é\":1}", Json.decodeUtf8(good, 0, good.length));
    }
}
