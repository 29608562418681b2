/**
 * JMH benchmarks of ai-infra's overhead per model call, tool call and agent run, against
 * baselines measured in the same run.
 */
@NullMarked
package ai.infra.benchmarks;

import org.jspecify.annotations.NullMarked;
