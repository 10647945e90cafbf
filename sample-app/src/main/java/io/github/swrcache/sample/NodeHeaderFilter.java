package io.github.swrcache.sample;

import java.io.IOException;

import io.github.swrcache.core.SwrCacheManager;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the node that answered in an {@code X-Swr-Node} header, so that two instances
 * behind one Redis can be told apart.
 */
@Component
class NodeHeaderFilter extends OncePerRequestFilter {

	private final SwrCacheManager manager;

	NodeHeaderFilter(SwrCacheManager manager) {
		this.manager = manager;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Swr-Node", this.manager.nodeId());
		chain.doFilter(request, response);
	}

}
