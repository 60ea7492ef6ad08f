package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareTest {
    private static Map<String, Object> rec(String json) {
        return Json.parseObject(json);
    }

    @Test
    void matchesFiguresByKeyAndTakesTheRatioOfTheMetric() {
        List<Map<String, Object>> torch = List.of(
                rec("{\"bench\":\"w1_sgemm\",\"n\":256,\"gflops_median\":300.0}"),
                rec("{\"bench\":\"w1_sgemm\",\"n\":1024,\"gflops_median\":340.0}"),
                rec("{\"bench\":\"w4a_add_8x8_nograd\",\"us_median\":1.0,\"us_min\":0.8}"),
                rec("{\"bench\":\"w5_elementwise\",\"op\":\"relu\",\"eff_gbs_median\":8.0}"),
                rec("{\"bench\":\"env\",\"torch_config\":\"x\"}"));
        List<Map<String, Object>> kiln = List.of(
                rec("{\"bench\":\"w5_elementwise\",\"op\":\"relu\",\"eff_gbs_median\":12.0}"),
                rec("{\"bench\":\"w4a_add_8x8_nograd\",\"us_median\":0.9,\"us_min\":0.2}"),
                rec("{\"bench\":\"w4a_add_8x8_nograd\",\"us_median\":0.25,\"us_min\":0.3}"),
                rec("{\"bench\":\"w1_sgemm\",\"n\":1024,\"gflops_median\":170.0}"));
        List<Compare.Row> rows = Compare.rows(kiln, torch);
        assertEquals(4, rows.size());
        assertEquals("w1_sgemm n=256", rows.get(0).figure());
        assertNull(rows.get(0).ratio());
        assertEquals("w1_sgemm n=1024", rows.get(1).figure());
        assertEquals(0.5, rows.get(1).ratio(), 1e-12);
        assertEquals(0.25, rows.get(2).ratio(), 1e-12);      // the best median over rounds counts
        assertEquals(0.25, rows.get(2).bestRatio(), 1e-12);  // and the best of the bests: 0.2 / 0.8
        assertEquals(1.5, rows.get(3).ratio(), 1e-12);
        String table = Compare.table(rows);
        assertTrue(table.contains("| w5_elementwise op=relu | GB/s | 12.0 | 8.00 | 1.50 | – |"), table);
        assertTrue(table.contains("Kiln: not run"), table);
    }

    @Test
    void pendingKilnFiguresAreShown() {
        List<Compare.Row> rows = Compare.rows(
                List.of(rec("{\"bench\":\"w6_mlp_infer\",\"status\":\"pending\",\"reason\":\"needs matmul\"}")),
                List.of(rec("{\"bench\":\"w6_mlp_infer\",\"batch\":1,\"us_median\":67.0}")));
        String table = Compare.table(rows);
        assertTrue(table.contains("Kiln: pending (needs matmul)"), table);
        assertTrue(table.contains("w6_mlp_infer batch=1"), table);
    }

    @Test
    void numbersAreRoundedToThreeSignificantPlaces() {
        assertEquals("341", Compare.fmt(341.2));
        assertEquals("28.8", Compare.fmt(28.84));
        assertEquals("1.05", Compare.fmt(1.049));
        assertEquals("0.236", Compare.fmt(0.2364));
        assertEquals("–", Compare.fmt(null));
    }
}
