package com.sqm.service;

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

  public QueryResponse get(UUID id, String callerId) {
    return queries
        .findById(id)
        .filter(q -> Objects.equals(q.userId(), callerId))
        .map(QueryResponse::from)
        .orElseThrow(() -> new SqmException(ErrorCode.NOT_FOUND, "no query with id " + id, "id"));
  }

  /** {@code userId}'s history, newest first; {@code limit} null means {@value #DEFAULT_LIMIT}. */
  public Page<QueryListItem> listForUser(
      String userId, String callerId, String cursor, Integer limit) {
    if (!Objects.equals(userId, callerId)) {
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
