package com.sqm.service;

import com.sqm.model.UserQuery;

/**
 * The outcome of a submit: the stored query and whether this call created it (false: idempotent
 * repeat).
 */
public record Submission(UserQuery query, boolean created) {}
