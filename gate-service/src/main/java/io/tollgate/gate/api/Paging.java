package io.tollgate.gate.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.uri.UriBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Cursor paging of list endpoints: {@code limit} items per page, an opaque {@code cursor} for the
 * next one. The body stays a JSON array; the next page is announced in {@code Link: <...>;
 * rel="next"} and {@code X-Next-Cursor}, and a last page has neither.
 *
 * <pre>{@code
 * Paging.Page page = Paging.page(limit, cursor, 100);
 * List<Row> rows = repository.after(page.after(), page.limit() + 1); // one more than asked
 * return Paging.respond(request, rows, page, r -> Long.toString(r.id()));
 * }</pre>
 */
public final class Paging {
  public static final int MAX_LIMIT = 1000;
  public static final String NEXT_CURSOR = "X-Next-Cursor";
  private static final String PREFIX = "v1:";

  private Paging() {}

  /**
   * A page to read.
   *
   * @param limit items on the page
   * @param after the key of the last item of the page before, null for the first page
   */
  public record Page(int limit, @Nullable String after) {}

  /** Parses the query parameters; a 400 with what is wrong for a bad limit or cursor. */
  public static Page page(@Nullable String limit, @Nullable String cursor, int defaultLimit) {
    int n = defaultLimit;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_LIMIT) {
        throw ProblemException.badRequest(
            "limit must be a whole number from 1 to " + MAX_LIMIT + " (was '" + limit + "')");
      }
    }
    return new Page(n, cursor == null || cursor.isEmpty() ? null : decode(cursor));
  }

  /** The cursor's key as a number (for lists ordered by id); a 400 when it is not one. */
  public static long afterId(Page page) {
    try {
      return Long.parseLong(page.after());
    } catch (NumberFormatException e) {
      throw badCursor();
    }
  }

  /**
   * The response for {@code fetched}, which holds up to {@code page.limit() + 1} items: the extra
   * item, if any, only tells that there is a next page and is not returned.
   */
  public static <T> MutableHttpResponse<List<T>> respond(
      HttpRequest<?> request, List<T> fetched, Page page, Function<T, String> key) {
    if (fetched.size() <= page.limit()) {
      return HttpResponse.ok(fetched);
    }
    List<T> items = List.copyOf(fetched.subList(0, page.limit()));
    String next = encode(key.apply(items.get(items.size() - 1)));
    String link =
        UriBuilder.of(request.getUri()).replaceQueryParam("cursor", next).build().toString();
    return HttpResponse.ok(items)
        .header("Link", "<" + link + ">; rel=\"next\"")
        .header(NEXT_CURSOR, next);
  }

  static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
    if (!text.startsWith(PREFIX) || text.length() == PREFIX.length()) {
      throw badCursor();
    }
    return text.substring(PREFIX.length());
  }

  public static ProblemException badCursor() {
    return ProblemException.badRequest(
        "cursor is not one this list returned: pass the X-Next-Cursor of the page before, unchanged");
  }
}
