package com.sqm.service;

import com.sqm.model.QueryFeedback;

/**
 * What a feedback call stored: the feedback, whether the question and its SQL are now an example
 * for the data source, and whether an earlier example of the query was withdrawn.
 */
public record FeedbackOutcome(
    QueryFeedback feedback, boolean exampleRecorded, boolean exampleRemoved) {}
