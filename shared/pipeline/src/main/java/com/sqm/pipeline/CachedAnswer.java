package com.sqm.pipeline;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;

/** What the result cache keeps of a completed answer, and the engine that answered it. */
public record CachedAnswer(
    String engine,
    AIAnalysis analysis,
    String sql,
    DataResult result,
    String summary,
    Visualization visualization) {}
