package ai.infra.internal.cost;

/**
 * The precision of every cost ai-infra reports: whole picodollars (1e-12 US dollars), so
 * that spans, meters and run totals show {@code 0.00000195}, not
 * {@code 1.9499999999999995E-6}, and a run's total is exactly the sum of its calls.
 */
public final class Dollars {

	private static final double PICOS_PER_DOLLAR = 1e12;

	private Dollars() {
	}

	/**
	 * Round a cost to whole picodollars.
	 * @param dollars the cost in US dollars
	 * @return the nearest whole number of picodollars, in US dollars
	 */
	public static double round(double dollars) {
		return fromPicos(toPicos(dollars));
	}

	/**
	 * Return a cost in whole picodollars, the unit in which costs are added up.
	 * @param dollars the cost in US dollars
	 * @return the nearest whole number of picodollars
	 */
	public static long toPicos(double dollars) {
		return Math.round(dollars * PICOS_PER_DOLLAR);
	}

	/**
	 * Return a number of picodollars in US dollars.
	 * @param picos whole picodollars
	 * @return the cost in US dollars
	 */
	public static double fromPicos(long picos) {
		return picos / PICOS_PER_DOLLAR;
	}

}
