package io.calllog.query.call;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * Where a call found by {@code q} matched: a transcript line ({@code seq}, {@code role}) or its summary ({@code seq}
 * null, {@code role} {@code summary}), a snippet of about 160 characters of it around the first hit, and where in
 * the snippet the words and phrases asked for stand.
 */
@Schema(requiredProperties = {"seq", "role", "snippet", "highlights"})
public record CallMatch(@Schema(nullable = true, description = "The line's seq; null for the summary") Integer seq,
                        @Schema(description = "`assistant` or `user` for a line, `summary` for the summary")
                        String role,
                        @Schema(description = "The line or summary, whole when it is at most 160 characters, "
                                + "otherwise about 160 characters around the first hit") String snippet,
                        @Schema(description = "`[start, end]` of each hit in `snippet`: UTF-16 indexes, end "
                                + "exclusive, in order, never overlapping")
                        List<List<Integer>> highlights) {
}
