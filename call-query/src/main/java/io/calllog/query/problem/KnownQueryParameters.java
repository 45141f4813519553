package io.calllog.query.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The read side's query strings are read strictly: a parameter its endpoint does not declare, one given more than
 * once (unless it takes a list), or one given empty is refused with a 400 problem naming it ({@link InvalidQueryException}), never ignored.
 * What an endpoint declares is its handler method's {@code @RequestParam}s, so the rule is written once here and the
 * controllers only declare their parameters (with their constraints, checked by Spring's method validation). It
 * applies to the REST controllers of {@code io.calllog.query}, as the read side's problem handler does (the
 * dashboard's pages take their forms' fields, empty ones included).
 */
@Configuration(proxyBeanMethods = false)
class KnownQueryParameters implements WebMvcConfigurer, HandlerInterceptor {

    private static final String SIDE = "io.calllog.query";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && method.getBeanType().getPackageName().startsWith(SIDE)
                && AnnotatedElementUtils.hasAnnotation(method.getBeanType(), RestController.class)) {
            List<String> declared = declared(method, false);
            List<String> repeatable = declared(method, true);
            List<FieldError> errors = new ArrayList<>();
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                String name = parameter.getKey();
                String[] values = parameter.getValue();
                if (!declared.contains(name)) {
                    errors.add(new FieldError(name, declared.isEmpty()
                            ? "is not a parameter of this endpoint: it takes none"
                            : "is not a parameter of this endpoint: use " + String.join(", ", declared)));
                } else if (values.length > 1 && !repeatable.contains(name)) {
                    errors.add(new FieldError(name, "is given " + values.length + " times: give it once"));
                } else if (values[0] == null || values[0].isEmpty()) {
                    errors.add(new FieldError(name, "is empty: give a value or leave the parameter out"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidQueryException(errors);
            }
        }
        return true;
    }

    /**
     * The query parameters the handler declares, in the order of its method's parameters; only those that take
     * several values (a list or an array) when {@code repeatable}.
     */
    private static List<String> declared(HandlerMethod method, boolean repeatable) {
        List<String> names = new ArrayList<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
            boolean several = Collection.class.isAssignableFrom(parameter.getParameterType())
                    || parameter.getParameterType().isArray();
            if (requestParam != null && (!repeatable || several)) {
                names.add(InvalidQueryException.nameOf(parameter));
            }
        }
        return names;
    }
}
