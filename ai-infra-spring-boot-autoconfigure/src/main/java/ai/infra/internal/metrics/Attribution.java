package ai.infra.internal.metrics;

import java.util.Arrays;

/**
 * The attribution tag values of one operation, read from the baggage of the context it
 * started in, in the order of the configured keys. Values are already capped, so two
 * operations of the same tenant share one set of meters.
 */
public final class Attribution {

	/**
	 * The values of an operation when no attribution tags are configured.
	 */
	public static final Attribution NONE = new Attribution(new String[0]);

	private final String[] values;

	private final int hash;

	Attribution(String[] values) {
		this.values = values;
		this.hash = Arrays.hashCode(values);
	}

	String value(int index) {
		return this.values[index];
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof Attribution that && this.hash == that.hash
				&& Arrays.equals(this.values, that.values));
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return Arrays.toString(this.values);
	}

}
