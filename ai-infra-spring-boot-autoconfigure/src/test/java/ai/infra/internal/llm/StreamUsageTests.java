package ai.infra.internal.llm;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamUsage}.
 */
class StreamUsageTests {

	@Test
	void shouldKeepTheUsageOfTheLastChunkThatReportsAny() {
		StreamUsage usage = new StreamUsage();
		Usage whole = new DefaultUsage(1000, 200, 1200, null, 3000L, 500L);
		usage.chunk(chunk(new DefaultUsage(1000, 0, 1000)));
		usage.chunk(chunk(whole));
		// OpenAI's content chunks after the usage chunk, and Anthropic's message_stop,
		// report nothing.
		usage.chunk(chunk(new EmptyUsage()));
		usage.chunk(chunk(new DefaultUsage(0, 0, 0)));
		usage.chunk(null);
		assertThat(usage.last()).isSameAs(whole);
	}

	@Test
	void shouldHaveNoUsageWhenNoChunkReportsAny() {
		StreamUsage usage = new StreamUsage();
		usage.chunk(chunk(new EmptyUsage()));
		assertThat(usage.last()).isNull();
	}

	private static ChatResponse chunk(Usage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage("text"))),
				ChatResponseMetadata.builder().usage(usage).build());
	}

}
