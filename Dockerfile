# One image recipe for each runnable module, built from this repository:
#   docker build --build-arg MODULE=call-command -t call-log/call-command .
#   docker build --build-arg MODULE=call-query   -t call-log/call-query .
#   docker build --build-arg MODULE=call-log-app -t call-log/call-log-app .
FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# the runnable jar: <module>-<version>-exec.jar where the plain jar is a library too, else <module>-<version>.jar
RUN ./mvnw -B -q -pl ${MODULE} -am package -DskipTests \
 && mkdir /out \
 && jar=$(ls ${MODULE}/target/${MODULE}-*-exec.jar 2>/dev/null || ls ${MODULE}/target/${MODULE}-*-SNAPSHOT.jar) \
 && cp "$jar" /out/app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app calllog
WORKDIR /app
COPY --from=build /out/app.jar /app/app.jar
USER calllog
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
