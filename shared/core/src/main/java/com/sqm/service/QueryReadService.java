package com.sqm.service;

import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryListItem;
import com.sqm.model.QueryResponse;
import com.sqm.model.SqmException;
import com.sqm.store.Page;
import com.sqm.store.QueryRepository;
import java.util.Objects;
import java.util.UUID;

/**
 * Reads queries for their owner. Someone else's query, or someone else's history, answers NOT_FOUND
 * exactly like an unknown id, so callers cannot probe which ids or users exist.
 */
public final class QueryReadService {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private final QueryRepository queries;

  public QueryReadService(QueryRepository queries) {
    this.queries = queries;
  }

  /** A query the caller may read: their own, or anyone's for an admin; NOT_FOUND otherwise. */
  public QueryResponse get(UUID id, Caller caller) {
    return queries
        .findById(id)
        .filter(q -> caller.admin() || Objects.equals(q.userId(), caller.id()))
        .map(QueryResponse::from)
        .orElseThrow(() -> new SqmException(ErrorCode.NOT_FOUND, "no query with id " + id, "id"));
  }

  /**
   * {@code userId}'s history, newest first, for that user or an admin (NOT_FOUND for anyone else);
   * {@code limit} null means {@value #DEFAULT_LIMIT}.
   */
  public Page<QueryListItem> listForUser(
      String userId, Caller caller, String cursor, Integer limit) {
    if (!caller.admin() && !Objects.equals(userId, caller.id())) {
      throw new SqmException(ErrorCode.NOT_FOUND, "no query history for user " + userId, "userId");
    }
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "limit must be between 1 and " + MAX_LIMIT, "limit");
    }
    Page<com.sqm.model.UserQuery> page = queries.findByUser(userId, cursor, pageSize);
    return new Page<>(page.items().stream().map(QueryListItem::from).toList(), page.nextCursor());
  }
}
