package ai.infra.autoconfigure.llm;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.infra.cost.PriceTable;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Shows on {@code /actuator/info} which price table costs are computed with, as
 * {@code ai-infra.pricing.date} and {@code ai-infra.pricing.source}, so that a cost can
 * be traced to the prices in force.
 */
final class PricingInfoContributor implements InfoContributor {

	private final PriceTable prices;

	PricingInfoContributor(PriceTable prices) {
		this.prices = prices;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> pricing = new LinkedHashMap<>();
		pricing.put("date", this.prices.date().toString());
		pricing.put("source", this.prices.source());
		builder.withDetail("ai-infra", Map.of("pricing", pricing));
	}

}
