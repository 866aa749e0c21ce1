package com.sqm.store;

import com.sqm.model.QueryFeedback;
import java.util.Optional;
import java.util.UUID;

/** Users' feedback on their queries: one current verdict per query and user. */
public interface FeedbackRepository {

  /** Stores {@code feedback}, replacing the user's earlier feedback on the same query. */
  QueryFeedback save(QueryFeedback feedback);

  Optional<QueryFeedback> find(UUID queryId, String userId);
}
